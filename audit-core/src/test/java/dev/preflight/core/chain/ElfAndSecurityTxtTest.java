package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElfAndSecurityTxtTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

  private static Map<String, String> completeFields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", "Escrow");
    f.put("project_url", "https://example.org/escrow");
    f.put("contacts", "email:security@example.org, discord:escrow#1234");
    f.put("policy", "https://example.org/escrow/SECURITY.md");
    f.put("preferred_languages", "en,de");
    f.put("source_code", "https://example.org/escrow.git");
    f.put("source_revision", "0123abcd");
    f.put("source_release", "v1.0.0");
    f.put("encryption", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nxyz\n-----END PGP PUBLIC KEY BLOCK-----");
    f.put("auditors", "Auditor One, Auditor Two");
    f.put("acknowledgements", "https://example.org/thanks");
    f.put("expiry", "2027-01-01");
    return f;
  }

  @Test
  void syntheticProgramElfParses() {
    byte[] elf = TestElf.program(SecurityTxt.encode(completeFields())).build();
    Elf64 parsed = Elf64.parse(elf, "escrow.so");
    assertEquals(Elf64.EM_SBPF, parsed.machine());
    assertEquals(Elf64.ET_DYN, parsed.type());
    assertEquals(List.of("", ".text", ".rodata", ".shstrtab"), parsed.sections().stream().map(Elf64.Section::name).toList());
    byte[] rodata = parsed.section(".rodata").orElseThrow().bytes(elf).orElseThrow();
    assertArrayEquals(SecurityTxt.encode(completeFields()), rodata);
  }

  @Test
  void garbageAndNativeBinariesAreToldApart() {
    ElfException html = assertThrows(ElfException.class,
        () -> Elf64.parse("<html><body>".getBytes(StandardCharsets.US_ASCII), "download.so"));
    assertEquals("download.so (offset 0): is not an ELF file: it starts with 3c 68 74 6d ('<htm'), an ELF starts with "
        + "7f 45 4c 46. Give the program's .so (target/deploy/<name>.so) or its ProgramData bytes", html.getMessage());
    ElfException x86 = assertThrows(ElfException.class,
        () -> Elf64.parse(TestElf.program(new byte[0]).machine(62).build(), "a.out"));
    assertTrue(x86.getMessage().contains("machine 62 (x86-64), not BPF (247) or SBPF (263)"), x86.getMessage());
    ElfException exec = assertThrows(ElfException.class,
        () -> Elf64.parse(TestElf.program(new byte[0]).type(2).build(), "exec"));
    assertTrue(exec.getMessage().contains("ELF type 2"), exec.getMessage());
    ElfException bits32 = assertThrows(ElfException.class,
        () -> Elf64.parse(TestElf.program(new byte[0]).elfClass(1).build(), "32"));
    assertTrue(bits32.getMessage().contains("32-bit"), bits32.getMessage());
    assertEquals(Elf64.EM_BPF, Elf64.parse(TestElf.program(new byte[0]).machine(247).build(), "bpf").machine());
  }

  @Test
  void truncatedSectionTableIsReported() {
    byte[] elf = TestElf.program(new byte[100]).build();
    byte[] cut = Arrays.copyOf(elf, elf.length - 10);
    ElfException e = assertThrows(ElfException.class, () -> Elf64.parse(cut, "cut.so"));
    assertTrue(e.getMessage().contains("section header table (4 entries at offset"), e.getMessage());
    assertEquals(40, e.offset());
    assertThrows(ElfException.class, () -> Elf64.parse(Arrays.copyOf(elf, 40), "short.so"));
  }

  @Test
  void securityTxtIsFoundAndComplete() {
    byte[] elf = TestElf.program(SecurityTxt.encode(completeFields())).build();
    SecurityTxt s = SecurityTxt.find(elf).orElseThrow();
    assertEquals("Escrow", s.name().orElseThrow());
    assertEquals(List.of("email:security@example.org", "discord:escrow#1234"), s.contacts());
    assertEquals(List.of("en", "de"), s.preferredLanguages());
    assertEquals(List.of("Auditor One", "Auditor Two"), s.auditors());
    assertEquals("0123abcd", s.sourceRevision().orElseThrow());
    assertTrue(s.encryption().orElseThrow().contains("PGP"));
    assertEquals(List.of(), s.validate(TODAY));
  }

  @Test
  void programWithoutSecurityTxtHasNone() {
    assertTrue(SecurityTxt.find(TestElf.program(new byte[64]).build()).isEmpty());
  }

  @Test
  void validationReportsEveryProblem() {
    Map<String, String> f = completeFields();
    f.remove("policy");
    f.put("contacts", "email:a@b.c, pigeon:coo");
    f.put("expiry", "2026-01-01");
    SecurityTxt s = SecurityTxt.find(SecurityTxt.encode(f)).orElseThrow();
    List<SecurityTxt.Problem> problems = s.validate(TODAY);
    assertEquals(List.of(
        new SecurityTxt.Problem("policy", "required field 'policy' is missing or empty"),
        new SecurityTxt.Problem("contacts", "contact 'pigeon:coo' is not kind:value with kind one of "
            + SecurityTxt.CONTACT_KINDS),
        new SecurityTxt.Problem("expiry", "expired on 2026-01-01 (checked on 2026-06-01)")), problems);
    SecurityTxt badDate = SecurityTxt.find(SecurityTxt.encode(Map.of("expiry", "next year"))).orElseThrow();
    assertTrue(badDate.validate(TODAY).stream().anyMatch(p -> p.message().contains("not a date")));
  }

  @Test
  void duplicateKeysAndMalformedBodiesAreRecorded() {
    String raw = SecurityTxt.BEGIN + "name\0One\0name\0Two\0project_url\0u\0" + SecurityTxt.END;
    SecurityTxt dup = SecurityTxt.find(raw.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertEquals("One", dup.name().orElseThrow());
    assertEquals(List.of("duplicate key 'name' (the first value is kept)"), dup.parseProblems());

    String odd = SecurityTxt.BEGIN + "name\0One\0policy\0" + SecurityTxt.END;
    SecurityTxt o = SecurityTxt.find(odd.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertTrue(o.parseProblems().contains("malformed: key 'policy' has no value (odd number of parts)"),
        o.parseProblems().toString());

    String noEnd = SecurityTxt.BEGIN + "name\0One\0";
    SecurityTxt n = SecurityTxt.find(noEnd.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertTrue(n.parseProblems().getFirst().startsWith("malformed: no end marker"), n.parseProblems().toString());
    assertEquals("One", n.name().orElseThrow());

    String unknown = SecurityTxt.BEGIN + "colour\0blue\0" + SecurityTxt.END;
    assertEquals(List.of("unknown key 'colour'"),
        SecurityTxt.find(unknown.getBytes(StandardCharsets.UTF_8)).orElseThrow().parseProblems());
  }
}
