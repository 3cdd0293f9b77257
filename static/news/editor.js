// The article body's editor in the admin: django-prose-editor's ProseMirror build,
// imported by path. The package's own loader resolves a bare module name through an
// inline import map, which the site's CSP (script-src 'self') refuses.
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Gapcursor, HTML, HardBreak, Heading,
  History, HorizontalRule, Italic, Link, ListItem, Menu, OrderedList, Paragraph, Strike,
  Subscript, Superscript, Table, TableCell, TableHeader, TableRow, Text, Underline,
  createTextareaEditor, initializeEditors,
} from "../django_prose_editor/editor.js";

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
  ];
}

function create(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const editor = createTextareaEditor(textarea, extensions());
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
}

initializeEditors(create, "textarea[data-article-editor]");
