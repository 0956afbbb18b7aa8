// <zjtx-widget>：门户页面里放这一个元素即可嵌入自评估组件（说明见 docs/portal.md）。
//
//   <zjtx-widget pack="national" storage="…" handoff>
//     <p>（浏览器不能运行组件时显示的说明，见 docs/portal.md 的示例）</p>
//   </zjtx-widget>
//
// pack     规则包名：加载与本脚本同目录的 packs/<pack>.json（同源，唯一的额外请求）；默认 national。
// storage  本机保存用的命名空间；默认由 pack 和元素 id 组成。同一页面的多个组件各用各的。
// handoff  出现时，报告页多一个按钮，用户点了才向宿主元素派发 zjtx-handoff 事件。
//
// 组件渲染在自己的 shadow root 里，只通过自己的样式表（<link>）设样式，不改动宿主页面；
// wasm、样式表、规则包的地址都相对本脚本解析，可放在任意子路径下。
// 浏览器不能运行 WebAssembly（IE 内核的兼容模式、关闭了 JIT 的增强安全模式）时不加载 wasm，
// 元素里原有的说明（light DOM）照常显示。
// Built by scripts/build-web.sh: the first page of a fresh visit, rendered
// at build time with Yew SSR from the same component the wasm mounts, for
// one pack ({pack, html}); null in the unbuilt source.
const FIRST_PAGE = null;

const here = new URL('.', import.meta.url);
const packs = new Map();

// The smallest valid module: WebAssembly exists and is allowed to compile here.
function canRunWasm() {
  try {
    return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function' &&
      WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (e) {
    return false;
  }
}

// The glue and the wasm are requested the moment this script runs, side by
// side (not the wasm only after the glue has loaded and run); the wasm
// compiles while it streams in.
let ready = null;
function start() {
  if (!ready) {
    const wasm = fetch(new URL('pkg/zjtx_bg.wasm', here), { credentials: 'same-origin' });
    ready = import('./pkg/zjtx.js').then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      return glue;
    });
  }
  return ready;
}
// The report is a second module (its model, plans, views, print, handoff),
// fetched only when a person first opens a report, never before: the first
// load carries the questionnaire alone. A failed load is forgotten, so
// 重试 fetches again (a new URL for the glue: browsers may keep a failed
// module import).
let report = null;
let reportTries = 0;
function loadReport() {
  if (!report) {
    const again = reportTries++ ? `?retry=${reportTries}` : '';
    const wasm = fetch(new URL(`pkg/zjtx_report_bg.wasm${again}`, here), { credentials: 'same-origin' });
    wasm.catch(() => { /* reported through the glue's init below */ });
    report = import(`./pkg/zjtx_report.js${again}`).then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      return glue;
    });
    report.catch(() => { report = null; });
  }
  return report;
}
const REPORT_FAILED = '报告部分没能下载（可能是网络中断）。请检查网络后点“重试”；一直不行时，请联系本网站。';

// The report stylesheet in this widget's shadow root, linked the first time
// a report opens; resolves when it has loaded (or failed: the report then
// shows unstyled rather than not at all).
function reportSheet(shadow, href) {
  let link = shadow.querySelector('link[data-zjtx-report]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset.zjtxReport = '';
    link.zjtxLoaded = new Promise((ok) => {
      link.addEventListener('load', ok, { once: true });
      link.addEventListener('error', ok, { once: true });
    });
    shadow.append(link);
  }
  return link.zjtxLoaded;
}

const wasmOk = canRunWasm();
if (wasmOk) start().catch(() => { /* reported by each widget */ });

const NO_WASM = '这个浏览器（或当前模式）不能运行本自评估组件。请将浏览器切换到极速模式，' +
  '或使用 Chrome、Edge、360 极速浏览器、QQ 浏览器、搜狗浏览器等的较新版本打开本页；' +
  '在微信里打开时，请点右上角“…”选择“在浏览器中打开”。';

function packText(name) {
  if (!packs.has(name)) {
    const url = new URL(`packs/${encodeURIComponent(name)}.json`, here);
    packs.set(name, fetch(url, { credentials: 'same-origin' }).then((r) => {
      if (!r.ok) {
        throw new Error(`找不到规则包“${name}”（${url.pathname} 返回 ${r.status}）。` +
          `请门户检查：pack 属性是否写对，packs/${name}.json 是否和 zjtx-widget.js 一起部署在同一目录下。`);
      }
      return r.text();
    }, () => {
      throw new Error(`规则包“${name}”下载失败（${url.pathname}）。请门户检查网络和 CSP 的 connect-src 是否允许本站地址。`);
    }));
  }
  return packs.get(name);
}

let unnamed = 0;

// Saved assessments of this instance (or of the version before namespaces)
// show instead of a fresh form, so the pre-render is skipped then.
function hasSaved(storage) {
  try {
    const ns = storage.trim().slice(0, 80).replace(/[:\u0000-\u001f\u007f-\u009f]/g, '_');
    const mine = `zjtx:v1:${ns}:`;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i) || '';
      if (k.startsWith(mine) || k === 'zjtx:v1:index' || /^zjtx:v1:answers:[^:]+$/.test(k)) return true;
    }
    return false;
  } catch (e) {
    return false; // no storage: the widget starts fresh too
  }
}

function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

const FIELDS = 'input, select, textarea';

// Paints the pre-rendered first page into the loader's shell. The shell
// is \`hidden\` until the widget's stylesheet has loaded (the sheet itself
// shows it), so there is no unstyled flash. False when it cannot (e.g.
// Trusted Types forbid parsing HTML).
function paintFirst(root) {
  const template = document.createElement('template');
  try {
    template.innerHTML = FIRST_PAGE.html;
  } catch (e) {
    return false;
  }
  root.textContent = '';
  root.hidden = true;
  root.dataset.firstPage = FIRST_PAGE.pack;
  root.append(template.content);
  return true;
}

// The pre-rendered page (painted by the loader, or already in the host
// page's declarative shadow root) until the widget runs: today's date in
// 评估日期, and no form submission or link may reach the host page.
function holdFirst(root) {
  const date = root.querySelector('#field-assessment_date');
  if (date && date.value === date.defaultValue) date.defaultValue = date.value = today();
  root.addEventListener('submit', (e) => e.preventDefault());
  root.addEventListener('click', (e) => { if (e.target.closest('a')) e.preventDefault(); });
}

// What the person changed in the pre-rendered page: a field whose value
// differs from the one it was rendered with.
function changed(el) {
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el.tagName === 'SELECT') return [...el.options].some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}

// Hands what was typed into the pre-rendered page to the mounted widget as
// the same events typing makes (so it is scored and saved), keeps the
// cursor where it was, and swaps the two shells before the next paint.
async function handOver(pre, shell, shadow) {
  await new Promise((ok) => requestAnimationFrame(ok));
  const from = [...pre.querySelectorAll(FIELDS)];
  const to = [...shell.querySelectorAll(FIELDS)];
  const same = from.length === to.length && from.every((el, i) => el.tagName === to[i].tagName && el.type === to[i].type);
  const key = (el) => el.id || `${el.name}=${el.getAttribute('value')}`;
  const find = (el) => (same ? to[from.indexOf(el)] : to.find((t) => key(t) === key(el)));
  const order = (el) => (el.tagName === 'SELECT' ? 2 : el.type === 'checkbox' || el.type === 'radio' ? 1 : 0);
  // Text first, then boxes, then lists: a list (the industry) may change
  // which fields the widget shows.
  const typed = from.filter(changed).sort((a, b) => order(a) - order(b));
  const focused = shadow.activeElement;
  for (const el of typed) {
    const target = find(el);
    if (!target) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      if (target.checked === el.checked) continue;
      target.checked = el.checked;
    } else {
      target.value = el.value;
      target.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
    }
    target.dispatchEvent(new Event('change', { bubbles: true }));
  }
  pre.remove();
  shell.classList.remove('zjtx-pending');
  const moved = focused && pre.contains(focused) ? find(focused) : null;
  if (moved) {
    moved.focus({ preventScroll: true });
    try { moved.setSelectionRange(focused.selectionStart, focused.selectionEnd); } catch (e) { /* not a text box */ }
  }
}

class ZjtxWidget extends HTMLElement {
  async connectedCallback() {
    if (this.zjtxStarted) return;
    this.zjtxStarted = true;
    // A host page may carry the pre-rendered first page in a declarative
    // shadow root (index.html does, see docs/portal.md): it painted with
    // the page, before this script ran.
    let shadow = this.shadowRoot;
    let root = shadow && shadow.querySelector('.zjtx-shell[data-first-page]');
    if (root) {
      // The declarative shadow root links widget.css only (each stylesheet
      // in it holds the HTML parser, and so the first page, until it has
      // loaded); the report's sheet comes with the report (below).
    } else {
      shadow = shadow || this.attachShadow({ mode: 'open' });
      shadow.textContent = '';
      for (const sheet of ['widget.css']) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = new URL(sheet, here).href;
        shadow.append(link);
      }
      root = document.createElement('div');
      root.className = 'zjtx-shell';
      root.setAttribute('part', 'shell');
      shadow.append(root);
    }
    const fail = (message) => {
      root.textContent = '';
      const p = document.createElement('p');
      p.className = 'zjtx-load-error';
      p.setAttribute('role', 'alert');
      p.textContent = message;
      // The host's own fallback text (light DOM) shows below our message.
      root.append(p, document.createElement('slot'));
      this.setAttribute('data-failed', '');
    };
    if (!wasmOk) return fail(NO_WASM);
    const pack = (this.getAttribute('pack') || 'national').trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(pack)) {
      return fail(`pack 属性“${pack}”不是规则包名（只能用字母、数字、- 和 _）。请门户检查嵌入代码。`);
    }
    // Two widgets of one pack need ids (or storage attributes) to keep
    // their data apart; without either, the second and later are numbered.
    const storage = this.getAttribute('storage') || (this.id ? `${pack}.${this.id}` : `${pack}${unnamed++ ? '.' + unnamed : ''}`);
    const loading = packText(pack);
    // A fresh visit starts on the pre-rendered first page; saved work, or
    // another pack, waits for the widget instead.
    const fresh = !hasSaved(storage);
    let first = fresh && root.dataset.firstPage === pack;
    if (!first && fresh && FIRST_PAGE && FIRST_PAGE.pack === pack) first = paintFirst(root);
    if (first) {
      holdFirst(root);
    } else {
      root.hidden = false;
      delete root.dataset.firstPage;
      root.textContent = '正在加载自评估组件…';
    }
    let text, glue;
    try {
      [text, glue] = await Promise.all([loading, start()]);
    } catch (err) {
      return fail(err instanceof Error && /规则包/.test(err.message) ? err.message
        : `自评估组件加载失败：${err && err.message ? err.message : err}。${NO_WASM}`);
    }
    // The widget mounts into a new, hidden shell; the pre-rendered one
    // stays in view until the widget has rendered, then what was typed
    // into it is handed over and the two swap within one frame.
    const shell = first ? root.cloneNode(false) : root;
    shell.hidden = false;
    delete shell.dataset.firstPage;
    if (first) {
      shell.classList.add('zjtx-pending');
      shell.textContent = '';
      shadow.append(shell);
    } else {
      root.textContent = '';
    }
    const reportCss = new URL('report.css', here).href;
    const handoff = this.hasAttribute('handoff');
    // How the widget shows its report: the report module, loaded on first use.
    // report.css too is linked only then, and the report shows once it has
    // loaded (print hands its rules to the print frame). The report renders
    // in a shell of its own right after the widget's, never inside the
    // widget's tree: the two modules' Yew would take each other's events.
    const reports = new WeakMap();
    const showReport = (container, answers, date, back) => Promise.all([
      loadReport().catch((err) => { console.warn(String(err)); throw new Error(REPORT_FAILED); }),
      reportSheet(shadow, reportCss),
    ]).then(([r]) => {
      let place = reports.get(container);
      if (!place || !place.isConnected) {
        place = document.createElement('div');
        place.className = 'zjtx-shell zjtx-report-shell';
        place.setAttribute('part', 'shell report');
        container.closest('.zjtx-shell').after(place);
        reports.set(container, place);
      }
      r.show_report(place, pack, text, answers, date, reportCss, handoff, back);
      return place;
    });
    const hideReport = (container) => {
      const place = reports.get(container);
      if (!place) return;
      reports.delete(container);
      const gone = () => place.remove();
      if (report) report.then((r) => r.hide_report(place)).then(gone, gone);
      else gone();
    };
    try {
      glue.mount(shell, reportCss, pack, text, storage, handoff, showReport, hideReport);
    } catch (err) {
      // The message is already shown inside the widget.
      if (first) { root.remove(); shell.classList.remove('zjtx-pending'); }
      this.setAttribute('data-failed', '');
      console.warn(String(err));
      return;
    }
    if (first) await handOver(root, shell, shadow);
    this.setAttribute('data-ready', '');
  }
}

if (!customElements.get('zjtx-widget')) customElements.define('zjtx-widget', ZjtxWidget);
