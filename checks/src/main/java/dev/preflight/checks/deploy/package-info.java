/** Checks across clusters: the same program, governance and configuration everywhere it runs. */
package dev.preflight.checks.deploy;
