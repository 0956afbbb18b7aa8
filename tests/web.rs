//! The widget in a real browser (headless Chromium via wasm-bindgen-test):
//! mount it, type as a person would, read what the page shows.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use zjtx::rules::Pack;
use zjtx::web::{App, AppProps};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Yew's scheduler render (it runs on the microtask/timeout queue).
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// A fresh widget on a clean slate: nothing saved by an earlier test.
async fn mount() -> Element {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    mount_keeping_storage().await
}

thread_local! {
    /// Widgets mounted by earlier tests: destroyed before the next mounts,
    /// so none of their pending saves writes into the next test's storage.
    static MOUNTED: std::cell::RefCell<Vec<yew::AppHandle<App>>> = Default::default();
}

async fn mount_keeping_storage() -> Element {
    for handle in MOUNTED.with(|m| m.take()) {
        handle.destroy();
    }
    settle().await;
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let root = mount_in("national").await;
    settle().await;
    root
}

/// One more widget with its own storage namespace, beside those mounted.
async fn mount_in(storage: &str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let pack = Rc::new(Pack::national());
    let props = AppProps {
        pack: pack.clone(),
        report_css: "report.css".into(),
        storage: storage.to_owned().into(),
        handoff: true,
        // The report in this test binary itself (the page loads it as a
        // second module; tests/e2e covers that path).
        report: zjtx::web::ReportHost::in_process(pack, "report.css".into(), true),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    MOUNTED.with(|m| m.borrow_mut().push(handle));
    settle().await;
    root
}

fn destroy_all() {
    for handle in MOUNTED.with(|m| m.take()) {
        handle.destroy();
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Runs a line of JavaScript (the test page has no CSP).
fn js(code: &str) {
    js_sys::Function::new_no_args(code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn value(root: &Element, selector: &str) -> String {
    find(root, selector)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not on the page"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).dyn_into().unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn click(root: &Element, selector: &str) {
    let button: web_sys::HtmlElement = find(root, selector).dyn_into().unwrap();
    button.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn pages_keep_answers_and_check_page_links_back_to_the_field() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    click(&root, ".zjtx-actions .zjtx-button--primary").await; // 下一步 → 财务
    assert!(text(&root, ".zjtx-fieldset legend").contains("财务"));
    type_into(&root, "#field-rd_expense-y1", "223").await;
    type_into(&root, "#field-operating_revenue-y1", "8551").await;
    click(&root, ".zjtx-actions .zjtx-button").await; // 上一步 → 基本信息
    let select: HtmlSelectElement = find(&root, "#field-industry").dyn_into().unwrap();
    assert_eq!(select.value(), "industrial");
    click(&root, ".zjtx-step:nth-last-child(2) button").await; // 核对填报
    let summary = text(&root, ".zjtx-form");
    assert!(
        summary.contains("研发费用（上年度）") && summary.contains("223 万元"),
        "{summary}"
    );
    // 修改 goes back to the field's page and puts the cursor in it.
    let edit: web_sys::HtmlElement = root
        .query_selector_all(".zjtx-summary-row")
        .unwrap()
        .get(2)
        .unwrap()
        .dyn_into::<Element>()
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    edit.click();
    settle().await;
    let active = document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default();
    assert_eq!(active, "field-rd_expense-y1");
}

#[wasm_bindgen_test]
async fn yes_no_and_choices_reach_the_ladder() {
    let root = mount().await;
    let before = text(&root, "[data-testid=rung-TechInnovative]");
    assert!(before.contains("还需填写"), "{before}");
    find(&root, "#field-domestic_legal_person-1")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click(); // 否
    settle().await;
    let after = text(&root, "[data-testid=rung-TechInnovative]");
    assert!(
        after.contains("不符合") && after.contains("境内注册"),
        "{after}"
    );
}

#[wasm_bindgen_test]
async fn live_verdict_follows_typing() {
    let root = mount().await;
    assert!(text(&root, ".zjtx-live").contains("选择所属行业后"));
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-employees", "999").await;
    type_into(&root, "#field-operating_revenue-y1", "50,000").await;
    assert_eq!(text(&root, "[data-testid=live-verdict]"), "中型企业");
    assert!(text(&root, ".zjtx-live").contains("第四条（二）"));
    type_into(&root, "#field-employees", "1000").await;
    type_into(&root, "#field-operating_revenue-y1", "40000").await;
    assert_eq!(text(&root, "[data-testid=live-verdict]"), "大型企业");
}

#[wasm_bindgen_test]
async fn bad_input_is_named_and_nothing_typed_is_lost() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-operating_revenue-y1", "１，２３４．５").await;
    type_into(&root, "#field-employees", "-3").await;
    assert!(text(&root, ".zjtx-error-summary").contains("「从业人员（上年末）」不能是负数"));
    let employees: HtmlInputElement = find(&root, "#field-employees").dyn_into().unwrap();
    let revenue: HtmlInputElement = find(&root, "#field-operating_revenue-y1")
        .dyn_into()
        .unwrap();
    assert_eq!(employees.value(), "-3");
    assert_eq!(
        employees.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(revenue.value(), "１，２３４．５");
    assert!(
        text(&root, ".zjtx-field:has(#field-operating_revenue-y1)")
            .contains("已读取：1,234.5 万元")
    );
}

#[wasm_bindgen_test]
async fn assets_asked_only_where_the_industry_uses_them() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    assert!(
        root.query_selector("#field-total_assets")
            .unwrap()
            .is_none()
    );
    choose(&root, "#field-industry", "construction").await;
    assert!(
        root.query_selector("#field-total_assets")
            .unwrap()
            .is_some()
    );
    assert!(root.query_selector("#field-employees").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn unknown_turns_verdict_into_a_range_and_keeps_the_text() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-employees", "999").await;
    type_into(&root, "#field-operating_revenue-y1", "1500").await;
    let unknown: HtmlInputElement = find(
        &root,
        ".zjtx-field:has(#field-operating_revenue-y1) input[type=checkbox]",
    )
    .dyn_into()
    .unwrap();
    unknown.click();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=live-verdict]"),
        "无法确定：可能是中型企业、小型企业、微型企业"
    );
    unknown.click();
    settle().await;
    let revenue: HtmlInputElement = find(&root, "#field-operating_revenue-y1")
        .dyn_into()
        .unwrap();
    assert_eq!(revenue.value(), "1500");
    assert_eq!(text(&root, "[data-testid=live-verdict]"), "小型企业");
}

#[wasm_bindgen_test]
async fn report_view_shows_the_same_verdict() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-employees", "999").await;
    type_into(&root, "#field-operating_revenue-y1", "50000").await;
    click(&root, ".zjtx-step:last-child button").await;
    assert_eq!(text(&root, "[data-testid=size-verdict]"), "中型企业");
    assert!(text(&root, ".zjtx-report").contains("本报告由企业根据自行填报的数据生成"));
}

async fn wait_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn answers_are_autosaved_and_come_back_on_reload() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-employees", "186").await;
    wait_ms(600).await; // debounced save
    root.remove();
    let again = mount_keeping_storage().await;
    wait_ms(50).await;
    let employees: HtmlInputElement = find(&again, "#field-employees").dyn_into().unwrap();
    assert_eq!(employees.value(), "186");
    assert!(text(&again, ".zjtx-library").contains("我的评估"));
    again.remove();
}

#[wasm_bindgen_test]
async fn garbage_in_storage_is_kept_aside_and_the_widget_still_loads() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage
        .set_item(
            "zjtx:v1:national:index",
            r#"{"entries":[{"id":"x","name":"旧","updated":"t"}],"current":"x"}"#,
        )
        .unwrap();
    storage
        .set_item("zjtx:v1:national:answers:x", "{half-written")
        .unwrap();
    let root = mount_keeping_storage().await;
    wait_ms(50).await;
    let notices = text(&root, ".zjtx-notices");
    assert!(
        notices.contains("无法读取") && notices.contains("原样另存为"),
        "{notices}"
    );
    // The unreadable value is still there, under a key of its own.
    let kept = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .any(|k| {
            k.starts_with("zjtx:v1:national:unreadable:")
                && storage.get_item(&k).unwrap().as_deref() == Some("{half-written")
        });
    assert!(kept);
    assert!(
        root.query_selector("#field-industry").unwrap().is_some(),
        "the form still renders"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn wipe_asks_first_then_removes_only_our_keys() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let root = mount().await;
    storage.set_item("host-page-key", "keep me").unwrap();
    type_into(&root, "#field-employees", "12").await;
    wait_ms(600).await;
    let wipe = root.query_selector_all(".zjtx-library button").unwrap();
    let wipe: web_sys::HtmlElement = (0..wipe.length())
        .map(|i| {
            wipe.get(i)
                .unwrap()
                .dyn_into::<web_sys::HtmlElement>()
                .unwrap()
        })
        .find(|b| b.text_content().unwrap_or_default() == "清除本机数据")
        .unwrap();
    wipe.click();
    settle().await;
    assert!(text(&root, ".zjtx-confirm").contains("确定清除"));
    assert!(
        storage
            .get_item("zjtx:v1:national:index")
            .unwrap()
            .is_some(),
        "nothing removed before confirming"
    );
    click(&root, ".zjtx-confirm .zjtx-button--danger").await;
    let ours = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("zjtx:"))
        .count();
    assert_eq!(ours, 0);
    assert_eq!(
        storage.get_item("host-page-key").unwrap().as_deref(),
        Some("keep me")
    );
    let employees: HtmlInputElement = find(&root, "#field-employees").dyn_into().unwrap();
    assert_eq!(employees.value(), "");
    root.remove();
}

const SAVED: &str = r#"{"schema":"zjtx-answers","version":1,"enterprise_name":"甲公司","answers":{"industry":"industrial","employees":"186"}}"#;

#[wasm_bindgen_test]
async fn two_instances_keep_their_own_data() {
    storage().clear().unwrap();
    destroy_all();
    let a = mount_in("national.first").await;
    let b = mount_in("national.second").await;
    type_into(&a, "#field-employees", "111").await;
    type_into(&b, "#field-employees", "222").await;
    wait_ms(600).await;
    destroy_all();
    a.remove();
    b.remove();
    let b = mount_in("national.second").await;
    let a = mount_in("national.first").await;
    wait_ms(50).await;
    assert_eq!(value(&a, "#field-employees"), "111");
    assert_eq!(value(&b, "#field-employees"), "222");
    // Wiping one leaves the other's data.
    let wipe: Vec<web_sys::HtmlElement> = {
        let all = a.query_selector_all(".zjtx-library button").unwrap();
        (0..all.length())
            .map(|i| all.get(i).unwrap().dyn_into().unwrap())
            .collect()
    };
    wipe.iter()
        .find(|b| b.text_content().unwrap_or_default() == "清除本机数据")
        .unwrap()
        .click();
    settle().await;
    click(&a, ".zjtx-confirm .zjtx-button--danger").await;
    assert!(
        storage()
            .get_item("zjtx:v1:national.first:index")
            .unwrap()
            .is_none()
    );
    assert!(
        storage()
            .get_item("zjtx:v1:national.second:index")
            .unwrap()
            .is_some()
    );
    destroy_all();
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn keystrokes_are_saved_when_the_page_is_hidden() {
    let root = mount().await;
    type_into(&root, "#field-employees", "77").await;
    // Well within the 400 ms debounce: a reload now would have lost it.
    js("window.dispatchEvent(new Event('pagehide'))");
    let index = storage()
        .get_item("zjtx:v1:national:index")
        .unwrap()
        .unwrap();
    let id = index
        .split("\"current\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let saved = storage()
        .get_item(&format!("zjtx:v1:national:answers:{id}"))
        .unwrap()
        .unwrap();
    assert!(saved.contains("\"employees\": \"77\""), "{saved}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bad_stored_setting_falls_back_and_says_so() {
    storage().clear().unwrap();
    storage()
        .set_item(
            "zjtx:v1:national:index",
            r#"{"entries":[{"id":"x","name":"甲","updated":"t"}],"current":"x"}"#,
        )
        .unwrap();
    storage()
        .set_item(
            "zjtx:v1:national:answers:x",
            r#"{"schema":"zjtx-answers","version":1,"settings":{"boundary":"bogus"},"answers":{"employees":"186"}}"#,
        )
        .unwrap();
    let root = mount_keeping_storage().await;
    wait_ms(50).await;
    let notices = text(&root, ".zjtx-notices");
    assert!(notices.contains("“bogus”无效，已改用默认值"), "{notices}");
    assert_eq!(
        value(&root, "#field-employees"),
        "186",
        "the form and the saved work are there"
    );
    assert!(root.query_selector(".zjtx-steps").unwrap().is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_broken_index_is_rebuilt_from_the_saved_assessments() {
    storage().clear().unwrap();
    storage()
        .set_item("zjtx:v1:national:index", "{broken")
        .unwrap();
    storage()
        .set_item("zjtx:v1:national:answers:a1", SAVED)
        .unwrap();
    storage()
        .set_item(
            "zjtx:v1:national:answers:b2",
            &SAVED.replace("甲公司", "乙公司"),
        )
        .unwrap();
    let root = mount_keeping_storage().await;
    wait_ms(50).await;
    let notices = text(&root, ".zjtx-notices");
    assert!(notices.contains("重建"), "{notices}");
    let list = text(&root, "#zjtx-library-open");
    assert!(list.contains("甲公司") && list.contains("乙公司"), "{list}");
    root.remove();
}

#[wasm_bindgen_test]
async fn storage_full_at_load_still_shows_the_saved_work() {
    storage().clear().unwrap();
    storage()
        .set_item(
            "zjtx:v1:national:index",
            r#"{"entries":[{"id":"x","name":"甲","updated":"t"}],"current":"x"}"#,
        )
        .unwrap();
    storage()
        .set_item("zjtx:v1:national:answers:x", SAVED)
        .unwrap();
    js("Storage.prototype.__set = Storage.prototype.setItem; \
        Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };");
    let root = mount_keeping_storage().await;
    wait_ms(50).await;
    js("Storage.prototype.setItem = Storage.prototype.__set;");
    let notices = text(&root, ".zjtx-notices");
    assert!(
        notices.contains("存储空间已满") && notices.contains("已保存的评估照常显示"),
        "{notices}"
    );
    assert!(!notices.contains("无痕"), "{notices}");
    assert_eq!(value(&root, "#field-employees"), "186");
    root.remove();
}

#[wasm_bindgen_test]
async fn another_tabs_save_is_merged_per_field() {
    storage().clear().unwrap();
    storage()
        .set_item(
            "zjtx:v1:national:index",
            r#"{"entries":[{"id":"x","name":"甲","updated":"t"}],"current":"x"}"#,
        )
        .unwrap();
    storage()
        .set_item("zjtx:v1:national:answers:x", SAVED)
        .unwrap();
    let root = mount_keeping_storage().await;
    wait_ms(50).await;
    click(&root, ".zjtx-actions .zjtx-button--primary").await; // 下一步 → 财务
    type_into(&root, "#field-operating_revenue-y1", "5000").await; // not yet saved
    // The other tab changed the number of employees.
    let theirs = SAVED.replace("186", "190");
    js(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: 'zjtx:v1:national:answers:x', newValue: {} }}))",
        serde_json::to_string(&theirs).unwrap()
    ));
    settle().await;
    assert_eq!(
        value(&root, "#field-operating_revenue-y1"),
        "5000",
        "our edit kept"
    );
    assert!(
        text(&root, ".zjtx-fieldset legend").contains("财务"),
        "still on the same page"
    );
    assert!(
        root.query_selector(".zjtx-confirm").unwrap().is_none(),
        "nothing to ask"
    );
    click(&root, ".zjtx-step:first-child button").await;
    assert_eq!(value(&root, "#field-employees"), "190", "their edit taken");
    // Both change the same field: asked, nothing reverted.
    type_into(&root, "#field-employees", "200").await;
    let theirs = SAVED.replace("186", "210");
    js(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: 'zjtx:v1:national:answers:x', newValue: {} }}))",
        serde_json::to_string(&theirs).unwrap()
    ));
    settle().await;
    assert!(
        text(&root, ".zjtx-confirm").contains("从业人员"),
        "{}",
        text(&root, ".zjtx-confirm")
    );
    assert_eq!(value(&root, "#field-employees"), "200");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_step_change_focuses_and_announces_the_heading() {
    let root = mount().await;
    click(&root, ".zjtx-actions .zjtx-button--primary").await; // 下一步
    let active = document().active_element().unwrap();
    assert_eq!(active.tag_name(), "H2");
    assert!(active.text_content().unwrap().contains("财务"));
    let status = text(&root, ".zjtx-app > .zjtx-visually-hidden[role=status]");
    assert!(status.starts_with("第 2 步，共 "), "{status}");
    assert!(status.contains("财务"), "{status}");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_handoff_event_carries_verdicts_and_figures_only_when_ticked() {
    let root = mount().await;
    choose(&root, "#field-industry", "industrial").await;
    type_into(&root, "#field-employees", "999").await;
    type_into(&root, "#field-enterprise_name", "不外传公司").await;
    click(&root, ".zjtx-step:last-child button").await;
    js(
        "window.__handoff = []; document.body.addEventListener('zjtx-handoff', (e) => window.__handoff.push(JSON.stringify(e.detail)));",
    );
    click(&root, ".zjtx-handoff .zjtx-button").await;
    let got = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__handoff".into()).unwrap();
    let got: js_sys::Array = got.dyn_into().unwrap();
    assert_eq!(got.length(), 1);
    let first = got.get(0).as_string().unwrap();
    assert!(
        first.contains("\"schema\":\"zjtx-handoff\"") && first.contains("\"tiers\""),
        "{first}"
    );
    assert!(
        !first.contains("999") && !first.contains("不外传公司"),
        "{first}"
    );
    let tick: HtmlInputElement = find(&root, "#zjtx-handoff-figures").dyn_into().unwrap();
    tick.click();
    settle().await;
    click(&root, ".zjtx-handoff .zjtx-button").await;
    let second = got.get(1).as_string().unwrap();
    assert!(
        second.contains("999") && !second.contains("不外传公司"),
        "{second}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_or_broken_pack_names_the_pack_and_what_to_check() {
    let e = zjtx::web::read_pack("shandong", "<!DOCTYPE html><p>404</p>").unwrap_err();
    assert!(
        e.contains("规则包“shandong”") && e.contains("请门户检查"),
        "{e}"
    );
    let e = zjtx::web::read_pack(
        "x",
        r#"{"schema":"other","version":1,"content_hash":"","files":{}}"#,
    )
    .unwrap_err();
    assert!(e.contains("packs/x.json 不是 zjtx 规则包文件"), "{e}");
    let e = zjtx::web::read_pack(
        "y",
        r#"{"schema":"zjtx-pack","version":1,"content_hash":"","files":{}}"#,
    )
    .unwrap_err();
    assert!(
        e.contains("规则包“y”无法使用") && e.contains("pack.toml"),
        "{e}"
    );
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let r = zjtx::web::mount(
        root.clone(),
        zjtx::web::MountOptions {
            pack_name: "shandong".into(),
            pack_json: "{".into(),
            report_css: "report.css".into(),
            storage: "t".into(),
            handoff: false,
            report: zjtx::web::ReportHost::new(
                |_| Box::pin(std::future::ready(Err("不会打开报告".to_owned()))),
                |_| {},
            ),
        },
    );
    assert!(r.is_err());
    settle().await;
    assert!(text(&root, ".zjtx-load-error").contains("规则包“shandong”"));
    root.remove();
}
