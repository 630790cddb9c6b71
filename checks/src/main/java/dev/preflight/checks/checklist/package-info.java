/** The seed's readiness checklist, wired into audits as their checklist evaluator. */
package dev.preflight.checks.checklist;
