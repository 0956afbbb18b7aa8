// Generates a synthetic 培育库 for batch runs: node scripts/gen-firms.mjs N OUT.csv
// Deterministic (seeded), plausible figures for every column of
// docs/batch-template.csv; about 1 row in 500 carries a deliberate error
// (a negative headcount) so the batch's error path is exercised too.
import { readFileSync, writeFileSync } from 'node:fs';

const [n = '10000', out = 'target/batch/firms.csv'] = process.argv.slice(2);
const header = readFileSync('docs/batch-template.csv', 'utf8').replace(/^\uFEFF/, '').split('\n')[0].split(',');
let seed = 20261122;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const money = (lo, hi) => (lo + rnd() * (hi - lo)).toFixed(2);
const industries = ['industrial', 'software_it', 'wholesale', 'construction', 'information_transmission', 'other'];

const rows = [header.join(',')];
for (let i = 1; i <= Number(n); i++) {
  const rev3 = 800 + rnd() * 20000;
  const rev2 = rev3 * (0.9 + rnd() * 0.4);
  const rev1 = rev2 * (0.9 + rnd() * 0.4);
  const share = 0.6 + rnd() * 0.4;
  const employees = Math.floor(20 + rnd() * 600);
  const v = {
    enterprise_name: `示例企业${String(i).padStart(5, '0')}有限公司`,
    assessment_date: '2026-11-22',
    application: rnd() < 0.1 ? 'renewal' : 'new',
    industry: pick(industries),
    domestic_legal_person: '是',
    title_tech_innovative_date: rnd() < 0.5 ? `202${4 + Math.floor(rnd() * 2)}-0${1 + Math.floor(rnd() * 9)}-15` : '无',
    title_specialised_date: rnd() < 0.2 ? '2024-06-30' : '无',
    title_little_giant_date: '无',
    'operating_revenue.y1': rev1.toFixed(2), 'operating_revenue.y2': rev2.toFixed(2), 'operating_revenue.y3': rev3.toFixed(2),
    'main_revenue.y1': (rev1 * share).toFixed(2), 'main_revenue.y2': (rev2 * share).toFixed(2), 'main_revenue.y3': (rev3 * share).toFixed(2),
    'rd_expense.y1': (rev1 * rnd() * 0.08).toFixed(2), 'rd_expense.y2': (rev2 * rnd() * 0.08).toFixed(2), 'rd_expense.y3': (rev3 * rnd() * 0.08).toFixed(2),
    'net_profit.y1': (rev1 * (rnd() * 0.2 - 0.05)).toFixed(2),
    'cost_total.y1': (rev1 * (0.7 + rnd() * 0.25)).toFixed(2),
    'equity_financing.y1': rnd() < 0.15 ? money(100, 5000) : '0', 'equity_financing.y2': rnd() < 0.15 ? money(100, 5000) : '0', 'equity_financing.y3': '0',
    total_assets: money(rev1 * 0.5, rev1 * 1.5),
    employees: rnd() < 0.002 ? '-5' : String(employees), employees_avg: String(employees),
    tech_staff: String(Math.floor(employees * rnd() * 0.4)), rd_staff: String(Math.floor(employees * rnd() * 0.3)),
    ip1_count: String(Math.floor(rnd() * 8)), ip1_transferred_recent: '0', ip1_transferred: '0',
    ip2_count: String(Math.floor(rnd() * 15)),
    niche_start: `20${10 + Math.floor(rnd() * 15)}-0${1 + Math.floor(rnd() * 9)}`,
    main_product_share: (40 + rnd() * 60).toFixed(1), market_share: (rnd() * 20).toFixed(1), market_rank: String(1 + Math.floor(rnd() * 20)),
    market_position_leading: pick(['是', '否', '不清楚']),
    strategic_emerging: pick(['是', '否']), product_field_63: pick(['a', 'b', 'c']),
    key_field_little_giant: pick(['是', '否']), own_brand: pick(['是', '否']), quality_award: pick(['是', '否']),
    quality_system_cert: pick(['是', '否']), standard_participation: pick(['是', '否']), standard_led_5y: pick(['是', '否']),
    info_system_core: pick(['是', '否']), rd_institution_level: pick(['national', 'provincial', 'municipal', 'below', 'none']),
    national_sci_award_3y: pick(['none', 'none', 'none', 'top3']), national_sci_award_5y_top3: '否',
    provincial_sci_award_3y: pick(['none', 'none', 'top3', 'other']), high_tech_enterprise: pick(['是', '否']),
    other_innovation_honour: '否', single_champion: '否', related_to_little_giant: '否', maker_china: pick(['none', 'none', 'top500']),
    'platform_score.y1': rnd() < 0.3 ? '不清楚' : (30 + rnd() * 50).toFixed(1), 'platform_score.y2': '不清楚',
    digital_level: pick(['1', '2', '3']),
    title_single_champion_date: '无', new_product: '否', global_market_rank: String(5 + Math.floor(rnd() * 40)),
    tech_international_leading: pick(['是', '否']), energy_advanced: pick(['是', '否']),
    abnormal_or_dishonest: '否', prohibited_products: '否', safety_incident_date: '无', quality_incident_date: '无', environment_incident_date: '无', network_data_incident_date: '无', tax_evasion_date: '无', research_misconduct_date: '无', data_fraud_date: '无', tax_audit_collection: '是',
  };
  v.ip1_self_developed = String(Math.floor(Number(v.ip1_count) * rnd()));
  v.ip1_high_value = '0';
  rows.push(header.map((h) => v[h] ?? '').join(','));
}
writeFileSync(out, '\uFEFF' + rows.join('\n') + '\n');
console.log(`${n} firms → ${out}`);
