// A form with data-confirm asks before it is sent (cancelling an order, deleting a model): the
// question is the page's, already in its language. Without JavaScript the form is sent as before.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
