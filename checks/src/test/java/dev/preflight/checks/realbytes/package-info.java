/** Decoders and checks tested on account bytes the real runtime (the embedded validator) wrote. */
package dev.preflight.checks.realbytes;
