// Maven's default site plugin (3.12.1) cannot render a Doxia 2 report: the build fails and says
// which version is needed, instead of a WARNING with a stack trace and a site without the page.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('needs maven-site-plugin 3.20.0 or newer')
assert log.contains('this build uses 3.12.1')
assert !new File(basedir, 'target/site/preflight.html').exists()
