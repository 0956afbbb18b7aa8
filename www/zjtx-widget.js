// <zjtx-widget>：门户页面里放这一个元素即可嵌入自评估组件。
// 组件渲染在自己的 shadow root 里，只通过自己的样式表（<link>）设样式，
// 不改动宿主页面；wasm 与样式表的地址都相对本脚本解析，可放在任意子路径下。
import init, { mount } from './pkg/zjtx.js';

const here = new URL('.', import.meta.url);
let ready = null;

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
    root.textContent = '正在加载自评估组件…';
    shadow.append(root);
    try {
      ready ??= init({ module_or_path: new URL('pkg/zjtx_bg.wasm', here) });
      await ready;
      root.textContent = '';
      mount(root, new URL('report.css', here).href);
      this.setAttribute('data-ready', '');
    } catch (err) {
      root.textContent = '自评估组件加载失败，请刷新页面重试。（' + err + '）';
      root.classList.add('zjtx-load-error');
    }
  }
}

if (!customElements.get('zjtx-widget')) customElements.define('zjtx-widget', ZjtxWidget);
