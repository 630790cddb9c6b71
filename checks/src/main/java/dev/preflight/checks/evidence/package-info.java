/**
 * Checks on the team's own evidence files: line coverage from a coverage report (LCOV, Cobertura
 * or JaCoCo XML) and the documents the checklist asks for (API, integration, security and
 * troubleshooting guides, the emergency playbook). Each result names the file and its SHA-256.
 */
package dev.preflight.checks.evidence;
