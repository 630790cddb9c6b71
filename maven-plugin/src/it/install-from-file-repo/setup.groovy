// The consumer's local repository: every third-party artifact of the invoker's repository (so
// that the test needs no download), hard-linked, without any Preflight artifact.
def source = new File(localRepositoryPath.toString())
def target = new File(basedir, 'target/consumer-repo')
target.parentFile.mkdirs()
def copy = { List<String> cmd ->
  def p = (cmd + [source.absolutePath, target.absolutePath]).execute()
  p.waitForProcessOutput(System.out, System.err)
  p.exitValue() == 0
}
// Hard links where cp can make them (GNU), a plain copy elsewhere.
assert copy(['cp', '-al']) || (target.deleteDir() && copy(['cp', '-a'])) :
    'cannot copy the local repository'
assert new File(target, 'dev/preflight').deleteDir()
assert !new File(target, 'dev/preflight').exists()
