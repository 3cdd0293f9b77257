// The article body's editor in the admin: django-prose-editor's ProseMirror build,
// imported by path. The package's own loader resolves a bare module name through an
// inline import map, which the site's CSP (script-src 'self') refuses.
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Gapcursor, HTML, HardBreak,
  Heading, History, HorizontalRule, Italic, Link, ListItem, Menu, OrderedList, Paragraph,
  Strike, Subscript, Superscript, Table, TableCell, TableHeader, TableRow, Text, Underline,
  initializeEditors,
} from "../django_prose_editor/editor.js";
import { mediaExtensions } from "./editor_media.js";

// What the editor can make is what common/html.py's allow-list keeps: headings from h2
// (the page's h1 is the title), no colours, classes or styles. Anything pasted is read
// through this schema first, so Word's and web pages' markup is already gone when the
// server's allow-list sees it.
function extensions() {
  return [
    Document, Paragraph, Text, HardBreak, Dropcursor, Gapcursor, History, Menu, HTML,
    Heading.configure({ levels: [2, 3, 4] }),
    Bold, Italic, Underline, Strike, Subscript, Superscript,
    Blockquote, BulletList, OrderedList, ListItem, HorizontalRule,
    Link.configure({ openOnClick: false }),
    Table, TableRow, TableHeader, TableCell,
    // Pictures from the image library and video players (static/news/editor_media.js).
    ...mediaExtensions(),
  ];
}

// The package's createTextareaEditor, less the <style> element Tiptap injects by default
// (refused by style-src 'self'): the same rules come from static/news/admin.css.
function textareaEditor(textarea) {
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    editable: !disabled,
    injectCSS: false,
    extensions: extensions(),
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty document is one empty paragraph: store nothing rather than that.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

// The toolbar's titles (its tooltips and the buttons' names for screen readers) in
// Persian, also when the editor changes them (the block-type button names the block).
function translateToolbar(root) {
  const fa = window.didgahEditorStrings || {};
  const apply = (el) => {
    for (const attr of ["title", "aria-label"]) {
      const value = el.getAttribute(attr);
      if (value && fa[value]) el.setAttribute(attr, fa[value]);
    }
  };
  const applyAll = () => {
    for (const option of root.querySelectorAll(".prose-menubar__option, .prose-menubar__option > *")) {
      if (option.children.length === 0 && fa[option.textContent]) option.textContent = fa[option.textContent];
    }
    root.querySelectorAll("[title], [aria-label]").forEach(apply);
  };
  applyAll();
  new MutationObserver((changes) => changes.forEach((c) => {
    if (c.type === "attributes") apply(c.target);
    else applyAll();
  })).observe(root.querySelector(".prose-menubar") || root, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["title", "aria-label"],
  });
}

function create(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const editor = textareaEditor(textarea);
  // Screen readers name the editable area after the field's label.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const editable = editor.view.dom;
  editable.setAttribute("role", "textbox");
  editable.setAttribute("aria-multiline", "true");
  if (label) {
    if (!label.id) label.id = `${textarea.id}-label`;
    editable.setAttribute("aria-labelledby", label.id);
  }
  editable.setAttribute("dir", "rtl");
  translateToolbar(textarea.closest(".prose-editor"));
}

initializeEditors(create, "textarea[data-article-editor]");
