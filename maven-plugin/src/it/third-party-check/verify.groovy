// A check from a separate jar on the plugin's dependencies is discovered, configured from its own
// section of preflight.yaml, and appears in every report format and in the catalog.
import groovy.json.JsonSlurper

def out = new File(basedir, 'consumer/target/preflight')
def id = 'acme.account-size'
def log = new File(basedir, 'build.log').text

// Configured from preflight.yaml (maxBytes 128) and judged on the real account bytes.
def report = new JsonSlurper().parse(new File(out, 'preflight-report.json'))
def r = report.results.find { it.checkId == id }
assert r != null : "no result of $id in the JSON report"
assert r.outcome == 'fail' : r
assert r.message.contains('over the budget of 128') : r.message
assert r.evidence.find { it.field == 'data length' && it.address == 'F8arnU53mwNydsA21xbwFmjutEFscuvbAYxtPrBkgBnF' }
assert r.checklist == ['p1.2.gas-optimization']

// Every report format.
assert new File(out, 'index.html').text.contains(id) : 'HTML'
def sarif = new JsonSlurper().parse(new File(out, 'preflight.sarif.json'))
def rule = sarif.runs[0].tool.driver.rules.find { it.id == id }
assert rule != null : 'SARIF rule'
assert rule.shortDescription.text == 'Accounts stay within the size budget'
assert sarif.runs[0].results.any { it.ruleId == id } : 'SARIF result'
def junit = new File(out, 'TEST-preflight.xml').text
assert junit.contains(id) && junit.contains('over the budget of 128') : 'JUnit'
def checklist = new File(out, 'checklist.md').text
assert checklist.contains(id) : 'markdown checklist'

// The catalog of this build lists it with its metadata.
def catalog = new File(out, 'check-catalog.md').text
assert catalog.contains("## $id")
assert catalog.contains('Accounts stay within the size budget')
assert catalog.contains('https://acme.example/preflight/account-size')

// Low severity: the gate passes.
assert log.contains('PASS: no finding at or above high')

// Second build: the misspelt key is reported at its place, with what the check accepts, before
// any validator starts.
def second = log.substring(log.indexOf('bad-policy.yaml'))
assert !second.contains('starting the embedded validator')
assert log =~ /bad-policy\.yaml:9:5 checks\.acme\.account-size\.maxByte: unknown key 'maxByte'; did you mean 'maxBytes'\?; expected one of: accounts, maxBytes/
assert !(log =~ /\n\tat [a-z]/) : 'no stack trace for bad input'
