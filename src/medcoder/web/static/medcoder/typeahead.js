// Keyboard navigation for the type-ahead list that htmx fills under the search box:
// ArrowDown/ArrowUp move through the suggestions, Enter opens the highlighted one, Escape closes.
document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (input.id !== "q") return;
  const box = document.getElementById("suggestions");
  const options = Array.from(box.querySelectorAll("[role=option]"));
  if (event.key === "Escape") { box.innerHTML = ""; return; }
  if (!options.length) return;
  const current = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
  let next = current;
  if (event.key === "ArrowDown") next = Math.min(current + 1, options.length - 1);
  else if (event.key === "ArrowUp") next = Math.max(current - 1, 0);
  else if (event.key === "Enter" && current >= 0) {
    event.preventDefault();
    window.location.href = options[current].querySelector("a").href;
    return;
  } else return;
  event.preventDefault();
  options.forEach((option, index) => option.setAttribute("aria-selected", String(index === next)));
  input.setAttribute("aria-activedescendant", options[next].id);
});

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.target.id !== "suggestions") return;
  const input = document.getElementById("q");
  input.setAttribute("aria-expanded", String(Boolean(event.target.querySelector("[role=option]"))));
  input.removeAttribute("aria-activedescendant");
});
