/**
 * Anchor IDLs and a generic Borsh codec.
 *
 * <p>{@link dev.preflight.core.idl.Idl} loads both IDL formats (legacy pre-0.30 and the 0.30+ spec)
 * into one model: {@link dev.preflight.core.idl.IdlType} (sealed), {@link dev.preflight.core.idl.IdlTypeDef}
 * (structs, enums, aliases, generics, zero-copy layout info), instructions (with the PDA seeds a 0.30-spec
 * IDL declares for their accounts, {@link dev.preflight.core.idl.IdlPda}), accounts, events and errors.
 * {@link dev.preflight.core.idl.BorshCodec} decodes and encodes {@link dev.preflight.core.idl.IdlValue}s
 * of any IDL type byte-exactly, Borsh or zero-copy C layout. {@link dev.preflight.core.idl.IdlValueGenerator}
 * makes deterministic values of any type for round-trip tests and instruction fuzzing.
 *
 * <p>Errors: {@link dev.preflight.core.idl.IdlException} for unusable IDLs,
 * {@link dev.preflight.core.idl.DecodeException} for bytes that do not decode (the only exception any
 * input bytes can cause), {@link dev.preflight.core.idl.EncodeException} for values that do not fit.
 * Pure: no I/O besides reading the IDL files it is given.
 */
package dev.preflight.core.idl;
