// `portfolio verify` on signed PDFs none of our code wrote: validation test data of esig/dss
// (the EU's DSS), pyHanko and node-signpdf, and the Shadow Attacks authors' demo exploits
// (RUB-NDS/pdf-attacker). They are read where they are kept (the signing corpus beside the
// project; see helpers/signing-corpus.ts), whose SOURCES.tsv gives each file's repository,
// commit and SHA-256; they are never copied into this repository. Each has its verdict: 0 for valid, 1 for refused, and never a crash.
// For each refused file, one line says what is wrong with it, found with qpdf --show-xref,
// qpdf --show-object, pdfsig, pdftotext and openssl asn1parse on its signature.
//
// Verified without --trust: these signers' roots are not ours to trust, and several of their
// certificates have long expired.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./helpers/attack-files.ts";
import { corpusFile, corpusFiles } from "./helpers/signing-corpus.ts";
import { repoRoot } from "./helpers/workspace.ts";

/** The CLI judged: this repository's, or another checkout's, to compare verifiers. */
const cliRoot = process.env.PORTFOLIO_CLI_ROOT ?? repoRoot;

const VALID = "valid";

/** Every PDF of the corpus: "valid", or why it must be refused. */
const verdicts: Record<string, string> = {
  // esig/dss: eIDAS signatures from several countries, Adobe Reader's incremental saves.
  "esig-dss/Signature-P-DE_SCI-4.pdf": VALID,
  "esig-dss/Signature-P-HU_MIC-1.pdf": VALID,
  "esig-dss/belgian_pki_multiple_ocsps.pdf": VALID,
  "esig-dss/doc-firmado-T.pdf": VALID,
  "esig-dss/doc-firmado.pdf": VALID,
  "esig-dss/hello_signed_INCSAVE_signed.pdf": VALID,
  "esig-dss/muestra-firmado-firmado.pdf": VALID,
  "esig-dss/pdf-signed-original.pdf": VALID,
  "esig-dss/pdf-with-eof-cr.pdf": VALID,
  "esig-dss/BadEncodedCMS.pdf":
    "the certificate in the CMS writes its serial number with a superfluous leading zero byte, which is not DER (openssl: illegal padding; pdfsig: the field is not signed); it is also SHA-1 with ecdsa-with-SHA1",
  "esig-dss/hello_signed_INCSAVE_signed_EDITED.pdf":
    "the second signature's /M was edited from 2016 to 1980 and its /ByteRange replaced by the first signature's [0 196862 215808 313], so its digest no longer matches (pdfsig: Digest Mismatch)",
  "esig-dss/pades-unsupported-signature-algorithm.pdf":
    "the SignerInfo's signatureAlgorithm is 1.2.840.10045.3.1.7, the curve prime256v1, not a signature algorithm (pdfsig: Unknown Validation Failure)",
  "esig-dss/pdf-byterange-overlap.pdf":
    "the second signature's /ByteRange [0 43200 81923 491] starts its gap inside the first signature's dictionary, so it leaves unsigned the end of revision 2 and the start of revision 3, not just its /Contents (pdfsig: Digest Mismatch)",
  "esig-dss/pdf-signed-added-page.pdf": "a revision after the signature rewrites the catalog and page tree and adds a second page",
  "esig-dss/pdf-spoofing-attack.pdf":
    "a later revision drops field Sig1 from /Fields and adds Sig2, whose /V copies Sig1's /ByteRange and /Contents (covering revision 1 only) with a forged /Reason (FORGED REASON), /Location and /M; pdfsig cannot even read it",
  "esig-dss/replace.pdf":
    "after the signature, text field Text1, whose value was already 'Attacker', gets a new appearance (written in an object stream) showing 'Attacker' instead of the signed 'World Health Organisation' (DSS-2236; form filling, which Acrobat and pyHanko allow)",
  "esig-dss/siwa.pdf":
    "signature wrapping: /ByteRange [0 1633 23028 2437] makes the gap hold, after /Contents, a new catalog, page tree and page 'MANIPULATED now Page!' with a cross-reference section; the signed tail, with the original /ByteRange [0 1633 20579 2437], was moved to the end",
  // node-signpdf: signed by a Node library, the first two ranges ending at %%EOF without its newline.
  "node-signpdf/signed-once.pdf": VALID,
  "node-signpdf/signed-twice.pdf": VALID,
  "node-signpdf/incrementally_signed.pdf": VALID,
  // pyHanko's test data, with the verdict its own tests give.
  "pyhanko/certified-with-indirect-refs-in-dir.pdf": VALID,
  "pyhanko/minimal-signed-twice-second-created.pdf": VALID,
  "pyhanko/minimal-two-fields-signed-twice.pdf": VALID,
  "pyhanko/pades-lta-dss-indirect-arrs-test.pdf": VALID,
  "pyhanko/pades-with-old-style-signing-cert-attr.pdf": VALID,
  "pyhanko/sig-no-signed-attrs.pdf": VALID,
  "pyhanko/sig-with-ski-sid.pdf": VALID,
  "pyhanko/extensions-indirect-not-all-paths.pdf":
    "the update that signs Sig2 rewrites object 10, the catalog's /Extensions (which may change), but the catalog also reaches object 10 as /DontOverrideMe (pyHanko: suspicious modification naming DontOverrideMe)",
  "pyhanko/form-update-override-appearance-stream-sneaky.pdf":
    "signing Sig2 overwrote its old appearance stream, object 9, in place, and the catalog also reaches object 9 as /FooBar, so the update changes more than the new signature (pyHanko: modification level OTHER, naming .FooBar)",
  "pyhanko/tail-uncovered.pdf":
    "/ByteRange [0 690 6692 400] stops at byte 7092, 103 bytes before its revision ends at 7195: the revision's cross-reference section and trailer are not signed (pyHanko: coverage CONTIGUOUS_BLOCK_FROM_START, bottom line false)",
  "pyhanko/weird-byterange.pdf": "/ByteRange [0 10 20 30] signs 40 bytes of the file's header and nothing of the document, and the CMS is over those 40 bytes (pyHanko: intact, coverage UNCLEAR)",
  "pyhanko/signature-gap-too-big.pdf":
    "the gap [690, 6692) holds /Contents and, after it, a /Bleh <00…> entry: some 810 bytes of the signature dictionary are unsigned (pyHanko: coverage UNCLEAR); the trailer is left out too, as in tail-uncovered",
  // The Shadow Attacks authors' demo exploits: signed, then manipulated.
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_hide-and-replace-shadowed-signed.pdf": VALID,
  "rub-nds-pdf-attacker/pdf_attack_form_form_v2-signed-manipulated.pdf":
    "text fields recipientname and recipientaccount were signed with values 'Attacker' and '666666666' under appearances 'UNICEF' and '123456789'; after signing, an update removes their /AP, so readers draw the values",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_hide-and-replace-shadowed-signed-manipulated.pdf":
    "revision 0 holds two objects 13, page trees, with the xref on the one whose page says 'Sign me to get a reward.'; after signing, an xref-only update points 13 at the other copy, whose page says 'You are fired!'",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_variant-2_change_objects_usage_4_original-document-shadowed-signed-manipulated.pdf":
    "objects 8 and 9, a text field 'You are fired' and its appearance, were signed with no xref entries; after signing, an xref-only update frees 5 and 6 (the field '1000 USD') and gives 8 and 9 entries",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_form_and_form_shadowed_form_over_form-signed-manipulated.pdf":
    "fields 'UNICEF' and '123456789' (15, 21) cover fields 'Attacker' and '666666666' (18, 24) on the same spot; after signing, an update writes the four again unchanged but points entries 15 and 21 at the bytes of 18 and 24",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_variant-1_hide-via-referenced-object_4_original-document-shadowed-signed-manipulated_v1.pdf":
    "the signed page draws 'You are fired!' under a full-page image (object 8) reading 'Sign me to get a reward.'; after signing, an update writes metadata object 6 again and points entry 8 at its bytes, so the image is gone for readers that follow the xref",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_variant-2_hide-via-referenced-object_hide-form-via-form_4_original-document-shadowed-signed-manipulated.pdf":
    "as form over form, but the update's xref points the covering fields 15 and 21 into the middle of another object and past the end of the file, so readers drop them and show 'Attacker' and '666666666'",
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_xref_image_hide-from-shadowed-signed-manipulated_v1.pdf":
    "as hide-via-referenced-object: xref entry 8, the covering image, is pointed at the bytes of metadata object 6, uncovering 'You are fired!'",
  "rub-nds-pdf-attacker/shadow-exploits_replace_forms_replace-form-shadowed-signed-manipulated.pdf":
    "text field texfield1 was signed with value 'Attacker' and an appearance reading 'World Health Organisation'; after signing, an update gives it an appearance showing 'Attacker'",
};

/** The sentence each refused file must be refused with (a phrase of it): refused for the right reason. */
const SAYS: Record<string, RegExp> = {
  "esig-dss/BadEncodedCMS.pdf": /signature cannot be read: .*not a valid DER X\.509 certificate/,
  "esig-dss/hello_signed_INCSAVE_signed_EDITED.pdf": /field Signature2's signature is not where this field keeps its signature/,
  "esig-dss/pades-unsupported-signature-algorithm.pdf": /the signature algorithm 1\.2\.840\.10045\.3\.1\.7, which this verifier does not support/,
  "esig-dss/pdf-byterange-overlap.pdf": /field Signature2's signature is not where this field keeps its signature/,
  "esig-dss/pdf-signed-added-page.pdf": /pages were added \(1 before, 2 now\)/,
  "esig-dss/pdf-spoofing-attack.pdf": /field Sig2's signature is not where this field keeps its signature/,
  "esig-dss/replace.pdf": /the form field Text1 was filled in or changed/,
  "esig-dss/siwa.pdf": /field Signature1's signature is not where this field keeps its signature/,
  "pyhanko/extensions-indirect-not-all-paths.pdf": /reached as \/DontOverrideMe, was changed/,
  "pyhanko/form-update-override-appearance-stream-sneaky.pdf": /a drawing \(\/FooBar\) was replaced/,
  "pyhanko/tail-uncovered.pdf": /does not cover the file up to the end of a revision/,
  "pyhanko/weird-byterange.pdf": /not where this field keeps its signature/,
  "pyhanko/signature-gap-too-big.pdf": /not where this field keeps its signature/,
  "rub-nds-pdf-attacker/pdf_attack_form_form_v2-signed-manipulated.pdf": /an annotation on page 1 was changed \(Widget\)/,
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_hide-and-replace-shadowed-signed-manipulated.pdf": /page 1 was replaced by another page/,
  "rub-nds-pdf-attacker/shadow-exploits_replace_forms_replace-form-shadowed-signed-manipulated.pdf": /an annotation on page 1 was changed \(Widget\)/,
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_variant-1_hide-via-referenced-object_4_original-document-shadowed-signed-manipulated_v1.pdf": /cross-reference points object 8 at object 6 0/,
  "rub-nds-pdf-attacker/shadow-demo-exploits_hide_xref_image_hide-from-shadowed-signed-manipulated_v1.pdf": /cross-reference points object 8 at object 6 0/,
};

describe.concurrent("the signing corpus", () => {
  it("gives a verdict for every PDF that SOURCES.tsv lists, and no other", () => {
    expect(Object.keys(verdicts).sort()).toEqual(corpusFiles().sort());
  });

  for (const [file, why] of Object.entries(verdicts)) {
    const expected = why === VALID ? "valid" : "refused";
    it(`${file} is ${expected}`, async () => {
      const result = await run(process.execPath, [join(cliRoot, "bin", "portfolio.js"), "verify", corpusFile(file), "--format", "json"], { cwd: cliRoot });
      expect(result.stderr, "a crash, not a verdict").not.toMatch(/unexpected failure|^\s+at \S+ \(/m);
      const report = /^\s*\{/.test(result.stdout) ? (JSON.parse(result.stdout) as { problems?: unknown[]; signatures?: Array<{ problems?: unknown[] }> }) : undefined;
      const problems = [...(report?.problems ?? []), ...(report?.signatures ?? []).flatMap((s) => s.problems ?? [])];
      if (expected === "valid") {
        expect(problems, result.stderr).toEqual([]);
        expect(result.status).toBe(0);
      } else {
        expect(result.status, `accepted, though ${why}`).toBe(1);
        expect(problems.length > 0 || /cannot be verified/.test(result.stderr), "refused without saying why").toBe(true);
        if (SAYS[file]) expect(problems.join("\n"), "refused, but not for the reason the file holds").toMatch(SAYS[file]);
      }
    }, 60_000);
  }
});
