// mvn site renders the summary page and puts the five reports and the snapshot beside it; the
// escrow of report-never-fails has one high finding, and the site is built all the same.
def site = new File(basedir, 'target/site')
def page = new File(site, 'preflight.html')
assert page.isFile() : 'mvn site wrote no preflight.html'
def html = page.text
assert html.contains('Verdict: FAIL: 1 finding at or above high')
assert html.contains('<td>not-applicable</td>')
assert html.contains('Readiness per phase')
assert html.contains('href="preflight/index.html"')
['preflight-report.json', 'index.html', 'preflight.sarif.json', 'TEST-preflight.xml',
 'checklist.md', 'preflight-snapshot.json'].each {
  assert new File(site, "preflight/$it").length() > 0 : "missing or empty: preflight/$it"
}
assert new File(site, 'preflight/index.html').text.contains('multisig.threshold')
// The report is listed with the project's reports.
assert new File(site, 'project-reports.html').text.contains('preflight.html')
assert new File(basedir, 'build.log').text.contains('BUILD SUCCESS')
