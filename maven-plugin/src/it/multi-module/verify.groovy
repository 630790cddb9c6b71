// A parent with three modules, one without a policy: two audited, one skipped with one info
// line, and one aggregate report whose combined gate fails on the strict module's finding.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def agg = new File(basedir, 'target/preflight-aggregate')
def json = new JsonSlurper().parse(new File(agg, 'preflight-aggregate.json'))
assert json.format == 'preflight-aggregate/1'
assert json.verdict == 'FAIL'
assert json.modules*.module == ['escrow-governed', 'escrow-strict', 'tooling']
assert json.modules*.status == ['audited', 'audited', 'skipped']

def governed = json.modules[0], strict = json.modules[1], tooling = json.modules[2]
assert governed.project == 'escrow-governed' && governed.verdict == 'PASS'
assert governed.programId == '4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3'
assert strict.project == 'escrow-strict' && strict.verdict == 'FAIL'
assert strict.reasons.any { it.contains('multisig.threshold') }
assert tooling.reason.contains('this module has no policy')
// Each module's own reports exist where the aggregate links them.
[governed, strict].each { m ->
  assert new File(agg, m.reports + '/index.html').isFile() : "no reports at ${m.reports}"
}
assert json.reasons.size() >= 1 && json.reasons.every { it.startsWith('escrow-strict: ') }

def html = new File(agg, 'index.html').text
assert html.contains('id="module-escrow-governed"') && html.contains('id="module-escrow-strict"')
assert html.indexOf('Combined gate') < html.indexOf('id="module-escrow-governed"')
assert new File(agg, 'aggregate.md').text.contains('## tooling: skipped')

// The module without a policy: one info line, no failure, no reports.
// one line each for the parent and tooling
assert log.count('[INFO] Preflight report skipped: this module has no policy') == 2
assert log.contains('tooling: skipped (this module has no policy')
assert !new File(basedir, 'tooling/target/preflight').exists()
assert log.contains('combined gate: FAIL: 2 modules audited (1 failed), 1 skipped')
assert log.contains('Preflight combined gate FAIL')
