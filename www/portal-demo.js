// 示例门户接收 zjtx-handoff 事件（只有 handoff 属性开启、用户点了按钮才会有）。
// 这里只把收到的结论显示出来；真实门户可据此推荐服务。事件内容见 docs/portal.md。
const out = document.getElementById('portal-handoff-result');
document.getElementById('zjtx-main').addEventListener('zjtx-handoff', (e) => {
  const d = e.detail;
  const tiers = d.tiers.map((t) => `${t.name}：${t.verdict_text}`).join('；');
  out.textContent = `门户收到的结论：${d.size_class ?? '规模待定'}；${tiers}`;
  out.hidden = false;
});
