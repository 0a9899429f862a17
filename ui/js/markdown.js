// A small, safe renderer for the Markdown the guide (docs/guide.md) uses: headings (# to
// ###), paragraphs, lists (- and 1.), **bold**, links to the guide's own headings and images
// on a line of their own. It builds DOM nodes and puts the guide's words in with
// textContent only (never innerHTML), so no text can become markup. Anything else is shown
// as the plain text it is. Links to anything but the guide's own headings are shown as text:
// the app never leaves for the web. Images are shown only from the app's own `help/` folder.

/** GitHub's heading anchors: lower case, spaces to hyphens, other punctuation dropped. */
export function slug(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The guide names its images `../ui/help/NAME.png` (which GitHub follows); the app serves them as `help/NAME.png`. */
const IMAGE = /^\.\.\/ui\/help\/([a-z0-9-]+\.png)$/;

/**
 * Inline text: **bold** and [text](#anchor). `jump(anchor)` is called when a link to the
 * guide's own heading is followed; the link's href stays on the Help page.
 */
function inline(textIn, jump, idPrefix) {
  const out = [];
  const re = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let m;
  while ((m = re.exec(textIn)) !== null) {
    if (m.index > last) out.push(document.createTextNode(textIn.slice(last, m.index)));
    if (m[1] !== undefined) {
      const b = document.createElement('strong');
      b.textContent = m[1];
      out.push(b);
    } else if (m[3].startsWith('#')) {
      const target = m[3].slice(1);
      const a = document.createElement('a');
      a.href = '#/help';
      a.textContent = m[2];
      a.dataset.target = `${idPrefix}${target}`;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        jump(`${idPrefix}${target}`);
      });
      out.push(a);
    } else {
      out.push(document.createTextNode(m[2]));
    }
    last = re.lastIndex;
  }
  if (last < textIn.length) out.push(document.createTextNode(textIn.slice(last)));
  return out;
}

/**
 * Renders `source` into a DocumentFragment. Headings get ids `${idPrefix}${slug}`; `jump`
 * moves to one (a link within the guide).
 */
export function render(source, { idPrefix = 'guide-', jump = () => {} } = {}) {
  const frag = document.createDocumentFragment();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para = [];
  let list = null;
  const flushPara = () => {
    if (para.length) {
      const p = document.createElement('p');
      p.className = 'body';
      p.append(...inline(para.join(' '), jump, idPrefix));
      frag.append(p);
      para = [];
    }
  };
  const flushList = () => {
    if (list) {
      frag.append(list.node);
      list = null;
    }
  };
  for (const raw of lines) {
    const line = raw.trim();
    let m;
    if (!line) {
      flushPara();
      flushList();
    } else if ((m = /^(#{1,3})\s+(.+)$/.exec(line))) {
      flushPara();
      flushList();
      const h = document.createElement(`h${m[1].length}`);
      h.textContent = m[2];
      h.id = `${idPrefix}${slug(m[2])}`;
      h.tabIndex = -1;
      frag.append(h);
    } else if ((m = /^!\[([^\]]*)\]\(([^)\s]+)\)$/.exec(line))) {
      flushPara();
      flushList();
      const src = IMAGE.exec(m[2]);
      if (src) {
        const fig = document.createElement('figure');
        fig.className = 'guide-figure';
        const img = document.createElement('img');
        img.src = `help/${src[1]}`;
        img.alt = m[1];
        fig.append(img);
        frag.append(fig);
      }
    } else if ((m = /^(-|\d+\.)\s+(.+)$/.exec(line))) {
      flushPara();
      const kind = m[1] === '-' ? 'ul' : 'ol';
      if (!list || list.kind !== kind) {
        flushList();
        const node = document.createElement(kind);
        node.className = kind === 'ul' ? 'list list--bullet' : 'list list--number';
        list = { kind, node };
      }
      const li = document.createElement('li');
      li.append(...inline(m[2], jump, idPrefix));
      list.node.append(li);
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return frag;
}
