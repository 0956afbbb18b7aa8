//! The 我的评估 bar above the questionnaire: the saved list, new, rename,
//! duplicate, delete (confirmed), export and import, the passphrase, the
//! notices, and the choice when two tabs changed the same fields.

use super::library::{Confirm, Lib, LibMsg};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BarProps {
    pub lib: Lib,
    pub available: bool,
    pub send: Callback<LibMsg>,
    /// Reads a chosen import file (gloo-file).
    pub import: Callback<HtmlInputElement>,
}

#[function_component(LibraryBar)]
pub fn library_bar(p: &BarProps) -> Html {
    let lib = &p.lib;
    let send = &p.send;
    let current_name = lib
        .index
        .name_of(&lib.id)
        .unwrap_or("我的评估（未保存）")
        .to_owned();
    let on_open = send.reform(|e: Event| {
        LibMsg::Open(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    });
    let on_rename = send
        .reform(|e: Event| LibMsg::Rename(e.target_unchecked_into::<HtmlInputElement>().value()));
    let on_import = p
        .import
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>());
    html! {
        <section class="zjtx-library" aria-label="我的评估">
            <div class="zjtx-library-row">
                <label class="zjtx-label" for="zjtx-library-open">{"我的评估"}</label>
                <select id="zjtx-library-open" class="zjtx-select zjtx-select--inline" onchange={on_open} disabled={!p.available}>
                    if lib.index.name_of(&lib.id).is_none() {
                        <option value={lib.id.clone()} selected=true>{ current_name.clone() }</option>
                    }
                    { for lib.index.entries.iter().map(|e| html!{
                        <option key={e.id.clone()} value={e.id.clone()} selected={e.id == lib.id}>{ format!("{}（{}）", e.name, e.updated) }</option>
                    }) }
                </select>
                <label class="zjtx-visually-hidden" for="zjtx-library-name">{"评估名称"}</label>
                <input id="zjtx-library-name" class="zjtx-input" type="text" value={current_name} onchange={on_rename}
                    placeholder="如 2025 年度、某子公司" />
            </div>
            <div class="zjtx-library-row">
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::New)}>{"新建"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Duplicate)}>{"复制"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Ask(Confirm::Delete))}>{"删除"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Export)}>{"导出答卷"}</button>
                <label class="zjtx-button zjtx-button--small zjtx-file">
                    {"导入答卷"}
                    <input type="file" accept=".json,application/json" onchange={on_import} />
                </label>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Ask(Confirm::Wipe))}>{"清除本机数据"}</button>
            </div>
            <div class="zjtx-library-row">
                <label class="zjtx-label" for="zjtx-passphrase">{"加密口令（选填）"}</label>
                <input id="zjtx-passphrase" class="zjtx-input" type="password" autocomplete="new-password" value={lib.passphrase.clone()}
                    aria-describedby="zjtx-passphrase-help"
                    oninput={send.reform(|e: InputEvent| LibMsg::Passphrase(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                if lib.encrypted.is_some() {
                    <button type="button" class="zjtx-button zjtx-button--small zjtx-button--primary" onclick={send.reform(|_: MouseEvent| LibMsg::Decrypt)}>{"解密导入"}</button>
                }
                <span class="zjtx-help" id="zjtx-passphrase-help">{"填了口令，导出的答卷会加密（AES-GCM，口令经 PBKDF2-SHA-256 60 万次迭代）；导入加密答卷时也在这里输入口令。口令不保存。"}</span>
            </div>
            if let Some(c) = &lib.confirm {
                <div class="zjtx-confirm" role="alertdialog" aria-label="请确认">
                    <p>{ match c { Confirm::Delete => "确定删除当前这份评估？删除后无法恢复（可先导出答卷备份）。", Confirm::Wipe => "确定清除本组件在这台电脑上保存的全部评估？清除后无法恢复（可先导出答卷备份）。" } }</p>
                    <button type="button" class="zjtx-button zjtx-button--danger" onclick={send.reform({ let c = c.clone(); move |_: MouseEvent| if c == Confirm::Delete { LibMsg::Delete } else { LibMsg::Wipe } })}>
                        { if *c == Confirm::Delete { "确定删除" } else { "确定清除" } }
                    </button>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::Cancel)}>{"取消"}</button>
                </div>
            }
            if let Some(c) = &lib.conflict {
                <div class="zjtx-confirm" role="alertdialog" aria-label="另一个窗口修改了这份评估">
                    <p>{ format!("另一个浏览器窗口也修改了这份评估。只在一边改过的项目已合并；这几项两边改得不一样：{}。要用哪一边的？", c.fields.join("、")) }</p>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::TakeTheirs)}>{"载入另一窗口的版本"}</button>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::KeepMine)}>{"保留本窗口的版本"}</button>
                </div>
            }
            <div class="zjtx-notices" role="status" aria-live="polite">
                { for lib.notices.iter().enumerate().map(|(i, n)| html!{
                    <p class="zjtx-notice" key={i}>{ n }
                        <button type="button" class="zjtx-link" onclick={send.reform(move |_: MouseEvent| LibMsg::Dismiss(i))}>{"知道了"}</button>
                    </p>
                }) }
            </div>
            <details class="zjtx-where">
                <summary>{"你的数据存在哪里"}</summary>
                <p>{"填写的内容只保存在这台电脑的这个浏览器里（浏览器本地存储 localStorage；同一页面上的每个组件各用一块，互不覆盖），本组件不会把它发送到任何服务器；计算也在本机完成。本地存储属于所嵌入的门户网站的域名，请在自己的电脑上填写。换电脑时请“导出答卷”，在新电脑上“导入答卷”。“清除本机数据”会删除这个组件保存的全部评估，不影响门户网站自己的数据，也不影响页面上其他组件的数据。"}</p>
            </details>
        </section>
    }
}
