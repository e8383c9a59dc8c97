() => {
  // Thuisvraag's page behaviour, run by Gradio once the page is loaded.
  // Gradio's own controls carry English (or odd Dutch) names: these are what a Dutch screen reader should say.
  const LABELS = {
    "Like": "Goed antwoord",
    "Vind ik leuk": "Goed antwoord",
    "Dislike": "Geen goed antwoord",
    "Vind ik niet leuk": "Geen goed antwoord",
    "Copy message": "Bericht kopiëren",
    "Copied message": "Bericht gekopieerd",
    "Copy conversation": "Gesprek kopiëren",
    "Copied conversation": "Gesprek gekopieerd",
    "Copy": "Kopiëren",
    "Copied": "Gekopieerd",
    "Clear": "Gesprek wissen",
    "Wissen": "Wissen",
    "More tabs": "Meer tabbladen",
    "chatbot conversation": "Gesprek",
    "Download": "Downloaden",
    "Remove": "Verwijderen",
    "Retry": "Opnieuw proberen",
    "Undo": "Ongedaan maken",
    "Edit": "Bewerken",
    "Close": "Sluiten",
    "Fullscreen": "Volledig scherm",
    "Exit fullscreen mode": "Volledig scherm verlaten",
    "Empty value": "Leeg",
    "Dropdown": "Keuzelijst",
  };
  const MESSAGE_NAMES = { user: "Uw vraag", bot: "Antwoord van Thuisvraag" };

  function dutch(root) {
    for (const element of root.querySelectorAll("[aria-label], [title]")) {
      for (const attribute of ["aria-label", "title"]) {
        const value = element.getAttribute(attribute);
        if (value === null) continue;
        const testid = element.getAttribute("data-testid");
        if (attribute === "aria-label" && (testid === "user" || testid === "bot")) {
          // Gradio names a message by its raw Markdown; a reader should hear the text itself.
          element.removeAttribute("aria-label");
          element.setAttribute("data-tv-role", MESSAGE_NAMES[testid]);
          continue;
        }
        if (attribute === "aria-label" && value === "" && element.tagName !== "BUTTON") {
          element.removeAttribute("aria-label");
          continue;
        }
        if (attribute === "aria-label" && element.classList.contains("upload-container")) {
          element.removeAttribute("aria-label"); // its visible (Dutch) text names it
          continue;
        }
        if (attribute === "aria-label" && element.tagName === "DIV" && !element.getAttribute("role")) {
          element.removeAttribute("aria-label"); // a label on a plain div is not allowed (ARIA 1.2)
          continue;
        }
        if (LABELS[value] && LABELS[value] !== value) element.setAttribute(attribute, LABELS[value]);
      }
    }
    for (const button of root.querySelectorAll("button")) {
      // An icon button without a name (Gradio's empty toolbar slot) is hidden from everyone.
      if (!button.getAttribute("aria-label") && !button.textContent.trim() && !button.title) {
        if (button.closest(".icon-button-wrapper")) button.style.display = "none";
      }
    }
    if (document.documentElement.lang !== "nl") document.documentElement.lang = "nl";
  }

  // The newest answer's opening in view (not its end): Gradio's own autoscroll is off for the chat.
  let answers = 0;
  function showNewestAnswer() {
    const bots = document.querySelectorAll("#tv-chat [data-testid='bot']");
    if (bots.length === answers) return;
    const grew = bots.length > answers;
    answers = bots.length;
    if (!grew) return;
    const newest = bots[bots.length - 1].closest(".message-row") || bots[bots.length - 1];
    const log = newest.closest(".bubble-wrap");
    if (log) log.scrollTop += newest.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    const top = newest.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) window.scrollBy({ top: top - 12, behavior: "instant" });
    document.getElementById("tv-chat")?.setAttribute("data-tv-answers", String(answers));
  }

  // [n] in an answer goes to its source card in the panel, without leaving the page. The panel shows the newest
  // answer's cards: [n] of an earlier answer opens its quote in the source view instead (the link's own address).
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a[href*='tvbron=']");
      if (!link) return;
      const name = new URL(link.getAttribute("href"), window.location.href).searchParams.get("tvbron");
      const number = name && document.getElementById(name);
      const card = number && number.closest(".tv-source");
      if (!card) return;
      event.preventDefault();
      event.stopPropagation();
      card.scrollIntoView({ block: "start", behavior: "instant" });
      card.focus({ preventScroll: true });
      card.classList.add("tv-flash");
      setTimeout(() => card.classList.remove("tv-flash"), 1500);
    },
    true,
  );

  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      dutch(document.body);
      showNewestAnswer();
    });
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"] });
  new MutationObserver(() => {
    if (document.documentElement.lang !== "nl") document.documentElement.lang = "nl";
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  dutch(document.body);
}
