/**
 * Program IDLs (Anchor and Codama) and a generic codec.
 *
 * <p>{@link dev.preflight.core.idl.Idl} loads Anchor IDLs (legacy pre-0.30 and the 0.30+ spec) and
 * Codama IDLs ({@code rootNode}, spec 1.x) into one model, detecting the format:
 * {@link dev.preflight.core.idl.IdlType} (sealed), {@link dev.preflight.core.idl.IdlTypeDef} (structs, enums,
 * aliases, generics, zero-copy layout info), instructions (with the PDA seeds the IDL declares for their
 * accounts, {@link dev.preflight.core.idl.IdlPda}: 0.30-spec {@code pda} or Codama {@code pdaNode}s),
 * accounts, events and errors. Codama layouts beyond Borsh are carried by the same types: layout
 * components ({@link dev.preflight.core.idl.IdlType.Wire}, {@link dev.preflight.core.idl.IdlType.OptionTag},
 * {@link dev.preflight.core.idl.IdlType.Count}), {@link dev.preflight.core.idl.Frame}s around a value, and
 * {@link dev.preflight.core.idl.Discriminator} conditions (constant bytes at an offset, a data size).
 * Names stay as the IDL writes them (camelCase for Codama and legacy Anchor, snake_case for 0.30+
 * Anchor); lookups accept either spelling.
 *
 * <p>{@link dev.preflight.core.idl.BorshCodec} decodes and encodes {@link dev.preflight.core.idl.IdlValue}s
 * of any IDL type byte-exactly: Borsh, zero-copy C layout, or the Codama layout the type declares.
 * {@link dev.preflight.core.idl.IdlValueGenerator} makes deterministic values of any type for round-trip
 * tests and instruction fuzzing.
 *
 * <p>Published IDLs are read as their own clients read them: a type defined twice keeps its first
 * definition, with an {@link dev.preflight.core.idl.IdlWarning} naming both places
 * ({@link dev.preflight.core.idl.Idl#warnings()}; the audit prints them). What cannot be mapped exactly
 * fails, never guessed.
 *
 * <p>Errors: {@link dev.preflight.core.idl.IdlException} for unusable IDLs (with the JSON path),
 * {@link dev.preflight.core.idl.DecodeException} for bytes that do not decode (the only exception any
 * input bytes can cause), {@link dev.preflight.core.idl.EncodeException} for values that do not fit.
 * Pure: no I/O besides reading the IDL files it is given.
 */
package dev.preflight.core.idl;
