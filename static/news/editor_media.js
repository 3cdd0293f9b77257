// The article editor's image and video buttons (imported by static/news/editor.js).
//
// Image: a dialog lists the image library (/admin/editor/images/, searchable); the
// editor picks one, writes its alt text (required: the dialog will not insert without
// it), a caption and a credit, and gets <figure><img><figcaption>. The <img> points at
// the original file: the allow-list keeps no srcset, and the article page turns a
// library picture back into its renditions (templatetags news.body_pictures).
// Video: a YouTube, Aparat or Vimeo address is checked by the server with the one rule
// the allow-list uses (common.html.video_embed_url, /admin/editor/video/), which gives
// the player's address; the body gets <iframe src=player>, which clean_html keeps and
// sandboxes. In the editor the player is a labelled box, not a frame: the admin loads
// no third-party player, and the CSP stays quiet.
import { Caption, Extension, Figure, Image, Node } from "../django_prose_editor/editor.js";

const t = (text) => (window.gettext ? window.gettext(text) : text);

const VideoEmbed = Node.create({
  name: "videoEmbed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, title: { default: "" } };
  },
  parseHTML() {
    return [{ tag: "iframe[src]" }];
  },
  renderHTML({ node }) {
    return ["iframe", { src: node.attrs.src, title: node.attrs.title || t("Video"), allowfullscreen: "" }];
  },
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("div");
      dom.className = "editor-video-embed";
      dom.setAttribute("role", "img");
      dom.setAttribute("aria-label", `${t("Video")}: ${node.attrs.src}`);
      dom.textContent = `▶ ${t("Video")}: ${node.attrs.src}`;
      dom.dir = "ltr";
      return { dom };
    };
  },
});

function field(form, name, label, { required = false, value = "" } = {}) {
  const id = `media-${name}-${Math.random().toString(36).slice(2)}`;
  const wrap = document.createElement("p");
  const labelEl = document.createElement("label");
  labelEl.htmlFor = id;
  labelEl.textContent = label;
  const input = document.createElement("input");
  Object.assign(input, { id, name, type: "text", value, required });
  wrap.append(labelEl, input);
  form.append(wrap);
  return input;
}

function openDialog(editor, title) {
  const dialog = document.createElement("dialog");
  dialog.className = "prose-editor-dialog media-dialog";
  dialog.setAttribute("aria-label", title);
  const form = document.createElement("form");
  form.method = "dialog";
  const heading = document.createElement("h3");
  heading.className = "prose-editor-dialog-title";
  heading.textContent = title;
  form.append(heading);
  dialog.append(form);
  editor.view.dom.parentElement.append(dialog);
  dialog.addEventListener("close", () => dialog.remove());
  return { dialog, form };
}

function buttons(form, submitText) {
  const row = document.createElement("div");
  row.className = "prose-editor-dialog-buttons";
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.textContent = submitText;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = t("Cancel");
  cancel.addEventListener("click", () => form.closest("dialog").close());
  row.append(submit, cancel);
  form.append(row);
  return submit;
}

function error(form, message) {
  let box = form.querySelector(".media-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "media-error errornote";
    box.setAttribute("role", "alert");
    form.querySelector(".prose-editor-dialog-buttons").before(box);
  }
  box.textContent = message;
}

const escapeHTML = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

async function imageDialog(editor, textarea) {
  const { dialog, form } = openDialog(editor, t("Insert image from the library"));
  const search = field(form, "q", t("Search the library"));
  const list = document.createElement("div");
  list.className = "media-library";
  list.setAttribute("role", "radiogroup");
  list.setAttribute("aria-label", t("Library images"));
  form.append(list);
  const alt = field(form, "alt", t("Alternative text (required)"), { required: true });
  const caption = field(form, "caption", t("Caption"));
  const credit = field(form, "credit", t("Credit"));
  buttons(form, t("Insert"));
  let chosen = null;

  async function load() {
    const url = `${textarea.dataset.imageLibrary}?q=${encodeURIComponent(search.value)}`;
    const data = await (await fetch(url, { credentials: "same-origin" })).json();
    list.replaceChildren();
    if (!data.images.length) list.textContent = t("No image found.");
    for (const image of data.images) {
      const label = document.createElement("label");
      label.className = "media-choice";
      const radio = Object.assign(document.createElement("input"), { type: "radio", name: "image", value: image.id });
      const thumb = Object.assign(document.createElement("img"), { src: image.thumb, alt: image.alt });
      radio.addEventListener("change", () => {
        chosen = image;
        alt.value = alt.value || image.alt;
        caption.value = caption.value || image.caption;
        credit.value = credit.value || image.credit;
      });
      label.append(radio, thumb);
      list.append(label);
    }
  }
  search.addEventListener("input", () => load());
  await load();
  dialog.showModal();

  form.addEventListener("submit", (event) => {
    if (!chosen) {
      event.preventDefault();
      error(form, t("Choose an image."));
      return;
    }
    if (!alt.value.trim()) {
      event.preventDefault();
      error(form, t("Alternative text is required."));
      alt.focus();
      return;
    }
    // As news.models.Image.credit_line: a credit with a label of its own («نقشه: …») keeps it.
    const creditText = credit.value.trim();
    const labelled = /^[^\s:：]{1,12}\s*[:：]/.test(creditText);
    const credits = creditText ? ` ${labelled ? "" : t("Photo:") + " "}${creditText}` : "";
    const text = `${caption.value.trim()}${credits}`.trim();
    editor.chain().focus().insertContent(
      `<figure><img src="${escapeHTML(chosen.src)}" alt="${escapeHTML(alt.value.trim())}"` +
        ` width="${chosen.width}" height="${chosen.height}">` +
        (text ? `<figcaption>${escapeHTML(text)}</figcaption>` : "") + "</figure>",
    ).run();
  });
}

async function videoDialog(editor, textarea) {
  const { dialog, form } = openDialog(editor, t("Embed a video"));
  const address = field(form, "url", t("YouTube, Aparat or Vimeo address"), { required: true });
  address.dir = "ltr";
  const title = field(form, "title", t("Video title"));
  buttons(form, t("Insert"));
  dialog.showModal();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(`${textarea.dataset.videoEmbed}?url=${encodeURIComponent(address.value)}`,
      { credentials: "same-origin" });
    const data = await response.json();
    if (!response.ok) {
      error(form, data.error);
      return;
    }
    editor.chain().focus().insertContent({ type: "videoEmbed", attrs: { src: data.embed, title: title.value.trim() } }).run();
    dialog.close();
  });
}

// The toolbar's two buttons, beside the quote and the rule (the "nodes" group).
const MediaButtons = Extension.create({
  name: "mediaButtons",
  addMenuItems({ menu, buttons: make }) {
    const textarea = () => this.editor.options.element.querySelector("textarea");
    menu.defineItem({
      name: "libraryImage",
      groups: "nodes",
      command: (editor) => imageDialog(editor, textarea()),
      button: make.material("image", "insert image"),
    });
    menu.defineItem({
      name: "videoEmbed",
      groups: "nodes",
      command: (editor) => videoDialog(editor, textarea()),
      button: make.material("smart_display", "embed video"),
    });
  },
});

export function mediaExtensions() {
  return [Figure, Caption, Image, VideoEmbed, MediaButtons];
}
