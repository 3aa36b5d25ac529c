import { generateRoster, DIRT_KINDS } from '/work/main/bench/roster';
import { compileCriteria, defaultCriteria, evaluateRoster } from '/work/main/core/index';
let t=performance.now();
const r = generateRoster(20000, 7);
console.log('gen ms', performance.now()-t, r.households.length, r.members.length, (r.members.length-1)/20000);
console.log(r.households.slice(0,3), r.members.slice(0,4), r.typed[0]);
const c = compileCriteria(defaultCriteria);
t=performance.now();
const res = evaluateRoster(c, {households: r.households, members: r.members, period:'2020'});
console.log('eval ms', performance.now()-t, res.sheetIssues, res.layout);
console.log(res.summary.total.counters);
// clean households with errors
const bad: Record<string, number> = {};
let shown=0;
for (let i=0;i<res.households.length;i++){ const hr=res.households[i]; const errs=hr.issues.filter(x=>x.severity==='error'); 
 if (r.dirt[i]===0 && errs.length){ for(const e of errs) bad[e.rule+':'+e.field]=(bad[e.rule+':'+e.field]??0)+1; if(shown++<3) console.log(r.households[i+1], errs);} }
console.log('clean-with-errors', bad);
const byKind: Record<string, Record<string,number>> = {};
for (let i=0;i<res.households.length;i++){ if(!r.dirt[i]) continue; const k=DIRT_KINDS[r.dirt[i]-1]; byKind[k]??={}; for(const e of res.households[i].issues) byKind[k][e.rule]=(byKind[k][e.rule]??0)+1; }
console.log(byKind);
// member errors for clean hh
const memBad: Record<string,number> = {};
for (const m of res.members) for (const e of m.issues) memBad[e.rule]=(memBad[e.rule]??0)+1;
console.log('member issues', memBad);
