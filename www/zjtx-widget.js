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
import init, { mount } from './pkg/zjtx.js';

const here = new URL('.', import.meta.url);
let ready = null;
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

class ZjtxWidget extends HTMLElement {
  async connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: 'open' });
    for (const sheet of ['widget.css', 'report.css']) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(sheet, here).href;
      shadow.append(link);
    }
    const root = document.createElement('div');
    root.className = 'zjtx-shell';
    root.setAttribute('part', 'shell');
    shadow.append(root);
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
    if (!canRunWasm()) return fail(NO_WASM);
    root.textContent = '正在加载自评估组件…';
    const pack = (this.getAttribute('pack') || 'national').trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(pack)) {
      return fail(`pack 属性“${pack}”不是规则包名（只能用字母、数字、- 和 _）。请门户检查嵌入代码。`);
    }
    // Two widgets of one pack need ids (or storage attributes) to keep
    // their data apart; without either, the second and later are numbered.
    const storage = this.getAttribute('storage') || (this.id ? `${pack}.${this.id}` : `${pack}${unnamed++ ? '.' + unnamed : ''}`);
    let text;
    try {
      [text] = await Promise.all([packText(pack), ready ??= init({ module_or_path: new URL('pkg/zjtx_bg.wasm', here) })]);
    } catch (err) {
      return fail(err instanceof Error && /规则包/.test(err.message) ? err.message
        : `自评估组件加载失败：${err && err.message ? err.message : err}。${NO_WASM}`);
    }
    root.textContent = '';
    try {
      mount(root, new URL('report.css', here).href, pack, text, storage, this.hasAttribute('handoff'));
      this.setAttribute('data-ready', '');
    } catch (err) {
      // The message is already shown inside the widget.
      this.setAttribute('data-failed', '');
      console.warn(String(err));
    }
  }
}

if (!customElements.get('zjtx-widget')) customElements.define('zjtx-widget', ZjtxWidget);
