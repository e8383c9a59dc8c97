// The source view of a PDF: pdf.js at the cited page, with the cited quotes found and highlighted.
const container = document.getElementById("viewerContainer");
const { file, page, quotes, pdfjs } = {
  ...container.dataset,
  page: Number(container.dataset.page || 1),
  quotes: JSON.parse(container.dataset.quotes || "[]"),
};
const status = document.getElementById("tv-found");

function say(text) {
  if (status) status.textContent = text;
}

await import(`${pdfjs}/build/pdf.mjs`); // sets globalThis.pdfjsLib, which the viewer components read
const pdfjsLib = globalThis.pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = `${pdfjs}/build/pdf.worker.mjs`;
const { EventBus, PDFLinkService, PDFFindController, PDFViewer } = await import(`${pdfjs}/web/pdf_viewer.mjs`);

const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const findController = new PDFFindController({ eventBus, linkService });
const viewer = new PDFViewer({ container, eventBus, linkService, findController, removePageBorders: false });
linkService.setViewer(viewer);

let reported = false;
eventBus.on("pagesinit", () => {
  viewer.currentScaleValue = "auto"; // the page's width, at most 125 %
  viewer.currentPageNumber = Math.min(Math.max(page, 1), viewer.pagesCount);
  if (!quotes.length) return;
  eventBus.dispatch("find", {
    source: null,
    type: "",
    query: quotes.length === 1 ? quotes[0] : quotes,
    caseSensitive: false,
    entireWord: false,
    highlightAll: true,
    findPrevious: false,
    matchDiacritics: false,
  });
});
eventBus.on("updatefindmatchescount", ({ matchesCount }) => {
  if (matchesCount.total > 0) {
    reported = true;
    const n = matchesCount.total;
    say(`${n === 1 ? "1 citaat" : `${n} citaten`} geel gemarkeerd, op pagina ${viewer.currentPageNumber}.`);
    container.dataset.found = String(n);
  }
});
let nudged = false;
eventBus.on("updatefindcontrolstate", ({ state }) => {
  // pdf.js puts the match at the very top; a quarter screen of what comes before it gives context.
  if (state === 0 && !nudged) {
    nudged = true;
    setTimeout(() => {
      container.scrollTop = Math.max(0, container.scrollTop - container.clientHeight / 4);
      container.dataset.shown = "true";
    }, 50);
  }
  // FindState.NOT_FOUND is 1: the search went through every page without a match.
  if (state === 1 && !reported) {
    say(`Het citaat staat niet letterlijk in de tekstlaag van deze pdf; het staat op pagina ${page}.`);
    container.dataset.found = "0";
  }
});

try {
  const pdf = await pdfjsLib.getDocument({
    url: file,
    cMapUrl: `${pdfjs}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${pdfjs}/standard_fonts/`,
    wasmUrl: `${pdfjs}/wasm/`,
    isEvalSupported: false,
  }).promise;
  viewer.setDocument(pdf);
  linkService.setDocument(pdf, null);
  if (!quotes.length) say("");
} catch (error) {
  say(`De pdf kon niet worden geopend (${error.message}). Gebruik "bronbestand downloaden".`);
}
