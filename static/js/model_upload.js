// My models (templates/files/my_models.html): drop a file on the upload form to choose it.
(() => {
  const zone = document.getElementById("upload-form");
  const input = zone.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", ev => { input.files = ev.dataTransfer.files; });
})();
