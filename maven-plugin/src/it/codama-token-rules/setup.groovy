// Puts SPL Token's published Codama IDL beside preflight.yaml, read in place from shared/ (never
// copied into the repository).
def dir = basedir.canonicalFile
File found = null
for (int up = 0; up < 8 && dir != null && found == null; up++, dir = dir.parentFile) {
  def f = new File(dir, 'shared/data/codama/token.json')
  if (f.isFile()) {
    found = f
  }
}
assert found != null : 'shared/data/codama/token.json not found beside the repository'
new File(basedir, 'token.json').bytes = found.bytes
return true
