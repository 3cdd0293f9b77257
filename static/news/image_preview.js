// The admin's image field: the chosen file is shown before it is uploaded. Read as a
// data: URL, which the CSP's img-src allows (blob: it does not).
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.preview) return;
  const preview = document.getElementById(input.dataset.preview);
  const file = input.files && input.files[0];
  if (!preview || !file || !file.type.startsWith("image/")) return;
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    preview.src = reader.result;
    preview.hidden = false;
  });
  reader.readAsDataURL(file);
});
