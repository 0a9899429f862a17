// A document issued: its pages shown here (drawn by pdf.js, vendored in ui/vendor/pdfjs, no
// network), and what the author does with it next: print it on a printer they choose, open
// it in their PDF viewer, or show it in its folder. The page names the document by its id;
// the app finds the file. Nothing here claims success the system did not report.

import { call } from '../api.js';
import {
  el, p, form, backLink, summaryList, formatDateTime, notification, showError, warningText,
  languageLabel, wordingLabel,
} from '../components.js';

const KIND_WORDS = {
  'information-sheet': 'Information sheet',
  'feedback-form': 'Feedback form',
  'letter-first': 'First letter',
  'letter-update': 'Update letter',
  'letter-terms': 'Letter: what we agreed',
  'letter-visit': 'Visit confirmation',
  'letter-draft': 'Invitation to read the draft',
  'letter-publication': 'Letter about publication',
};

let pdfjs = null;

/** pdf.js, loaded the first time a document is shown. */
async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = await import('../../vendor/pdfjs/pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = new URL('../../vendor/pdfjs/pdf.worker.min.mjs', import.meta.url).href;
  }
  return pdfjs;
}

/**
 * Draws every page of the PDF into `holder`, one canvas each, as wide as the column.
 *
 * Stops as soon as the author leaves the page (or Kindred locks): the drawing left running
 * took the page's thread from the next page for a tenth of a second, and the document's
 * bytes are not kept in the viewer's worker once it is gone (`pdf.destroy()`).
 */
async function drawPages(holder, id, pageCount) {
  const status = el('p', { class: 'body hint', text: 'Showing the pages…', role: 'status' });
  holder.replaceChildren(status);
  let left = false;
  let task = null;
  let rendering = null;
  const leave = () => {
    left = true;
    if (rendering) rendering.cancel();
    if (task) task.destroy();
  };
  window.addEventListener('hashchange', leave, { once: true });
  window.addEventListener('kindred-locked', leave, { once: true });
  // Placed in the page once it is seen there; out of it again, the page has gone.
  let placed = false;
  const gone = () => {
    if (holder.isConnected) placed = true;
    return left || (placed && !holder.isConnected);
  };
  try {
    const [lib, data] = await Promise.all([loadPdfjs(), call('document_pdf', { id })]);
    if (gone()) return;
    task = lib.getDocument({ data: new Uint8Array(data), isEvalSupported: false });
    const pdf = await task.promise;
    // Each page shown as soon as it is drawn: the first is there while the rest are drawn.
    for (let n = 1; n <= pdf.numPages; n += 1) {
      if (gone()) return;
      const page = await pdf.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = Math.min(1.5, 560 / base.width) * (window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      const canvas = el('canvas', {
        class: 'document-page',
        width: Math.floor(viewport.width),
        height: Math.floor(viewport.height),
        role: 'img',
        'aria-label': `Page ${n} of ${pdf.numPages}`,
        'data-page': String(n),
      });
      canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
      rendering = page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas });
      await rendering.promise;
      rendering = null;
      const figure = el('figure', { class: 'document-page-figure' }, canvas,
        el('figcaption', { class: 'hint', text: `Page ${n} of ${pdf.numPages}` }));
      if (n === 1) holder.replaceChildren(figure);
      else holder.append(figure);
    }
    if (gone()) return;
    holder.dataset.rendered = String(pdf.numPages);
  } catch (err) {
    if (gone()) return; // cancelled on the way out: nothing to say
    // Pages already drawn stay; the message says why the rest are not.
    const say = holder.querySelector('canvas') ? (m) => holder.append(m) : (m) => holder.replaceChildren(m);
    say(p(`The pages cannot be shown here (${err && err.message ? err.message : 'the viewer did not start'}). You can still print the document or open it in your PDF viewer. It has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'}.`));
    holder.dataset.rendered = 'failed';
  } finally {
    window.removeEventListener('hashchange', leave);
    window.removeEventListener('kindred-locked', leave);
    // The viewer's copy of the document goes with the page (a cancelled one already has).
    if (task && !left) task.destroy();
  }
}

/** The print form: printers as the system lists them, copies, two-sided where offered. */
async function printForm(id) {
  const box = el('div', { id: 'print' });
  let printers = [];
  try {
    printers = await call('printers');
  } catch (err) {
    box.append(warningText(err.message || 'Printing is not available on this computer.'));
    return box;
  }
  if (!printers.length) {
    box.append(warningText('This computer has no printer set up. Set one up in your computer\'s settings, or open the document in your PDF viewer.'));
    return box;
  }
  const result = el('div');
  const duplex = printers.some((x) => x.two_sided);
  const fields = [
    {
      type: 'select', name: 'printer', label: 'Printer', value: printers[0].name,
      options: printers.map((x) => ({ value: x.name, label: x.is_default ? `${x.name} (your usual printer)` : x.name })),
    },
    { type: 'number', name: 'copies', label: 'Copies', value: '1' },
  ];
  if (duplex) fields.push({ type: 'checkbox', name: 'two_sided', label: 'Print on both sides of the paper', hint: 'Only on a printer that can.' });
  const f = form({
    id: 'print-form',
    submit: 'Print',
    progress: 'Sending it to the printer',
    fields,
    onSubmit: (v) => call('print_document', { id, printer: v.printer, copies: String(v.copies || ''), two_sided: Boolean(v.two_sided) }),
    onSuccess: (r) => {
      result.replaceChildren(notification('Sent to the printer', `${r.copies} ${r.copies === 1 ? 'copy' : 'copies'} on ${r.printer}. Collect it from the printer.`));
    },
  });
  box.append(result, f.node);
  return box;
}

/** A button that asks the system to do something and says plainly what happened. */
function systemButton(label, id, command, out) {
  const b = el('button', { type: 'button', class: 'button button--secondary', text: label, id: `document-${command.replaceAll('_', '-')}` });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const r = await call(command, { id });
      out.replaceChildren(r.opened
        ? notification(r.message, '')
        : el('div', { class: 'inset-text', role: 'alert', text: r.message }));
    } catch (err) {
      showError(out, err);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** The document's panel: what it is, its pages and the three actions. */
export async function documentPanel(id, { headingLevel = 2, view = null } = {}) {
  const d = view || await call('document_view', { id });
  const box = el('section', { class: 'document', 'aria-labelledby': `document-${id}-title` });
  box.append(el(`h${headingLevel}`, { id: `document-${id}-title`, text: KIND_WORDS[d.kind] || 'Document' }));
  box.append(summaryList([
    { key: 'Made', value: formatDateTime(d.made_at) },
    { key: 'Pages', value: String(d.pages) },
    { key: 'Language', value: languageLabel(d.language) },
    { key: 'Wording', value: wordingLabel(d.wording_version) },
    { key: 'Saved in', value: el('span', { class: 'path', text: d.path || 'Not known' }) },
  ]));
  if (!d.exists) {
    box.append(warningText('The file is no longer where it was saved: it may have been moved or deleted. Make the document again to print it.'));
    return box;
  }
  const said = el('div', { id: `document-${id}-said` });
  box.append(el('div', { class: 'button-group' },
    systemButton('Open in your PDF viewer', id, 'open_document', said),
    systemButton('Show in folder', id, 'show_document_in_folder', said)));
  box.append(said);
  box.append(el(`h${headingLevel + 1}`, { text: 'Print' }));
  box.append(await printForm(id));
  box.append(el(`h${headingLevel + 1}`, { text: 'The pages' }));
  const pages = el('div', { class: 'document-pages', id: 'document-pages' });
  box.append(pages);
  drawPages(pages, id, d.pages);
  return box;
}

/** `#/document/<id>`: one document issued, from the review's list. */
export async function show([id], ctx) {
  const d = await call('document_view', { id: Number(id) });
  const page = el('div');
  page.append(backLink(`#/review/${d.review_id}/documents`, 'Back to documents issued'));
  page.append(el('h1', { text: KIND_WORDS[d.kind] || 'Document' }));
  const panel = await documentPanel(Number(id), { headingLevel: 2, view: d });
  // The panel's own heading repeats the page's: keep one.
  const h = panel.querySelector('h2');
  if (h) h.remove();
  page.append(panel);
  return page;
}
