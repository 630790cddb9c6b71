/**
 * Coverage of the deployed binary: which instruction slots and which conditional-jump edges of the
 * program's {@code .text} the SVM executed, read from the register traces LiteSVM writes when
 * {@code SBF_TRACE_DIR} is set (one {@code .regs} file of 12 little-endian u64 per executed
 * instruction, the program counter last, per invocation).
 *
 * <p>{@link dev.preflight.core.coverage.ProgramText} decodes the ELF's code with a small
 * table-driven SBPF decoder ({@link dev.preflight.core.coverage.SbpfDecoder});
 * {@link dev.preflight.core.coverage.CoverageMap} ingests traces incrementally (for a campaign that
 * wants to know whether a case reached new edges); {@link dev.preflight.core.coverage.Coverage}
 * computes a {@link dev.preflight.core.coverage.CoverageReport} in one call;
 * {@link dev.preflight.core.coverage.CoverageCheck} turns it and the policy's minimum into the
 * {@code fuzz.coverage} result; {@link dev.preflight.core.coverage.CoverageJson} is its form in
 * {@code preflight-report.json}.
 */
package dev.preflight.core.coverage;
