package org.reslens.dicom.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Tags;

class DeidentifierTest {
    @TempDir
    Path tmp;

    @Test
    void pseudonymsAreStableUnderOneKeyAndDifferUnderAnother() {
        Deidentifier a = new Deidentifier(PseudonymKey.of(new byte[32]));
        Deidentifier a2 = new Deidentifier(PseudonymKey.of(new byte[32]));
        byte[] other = new byte[32];
        other[0] = 1;
        Deidentifier b = new Deidentifier(PseudonymKey.of(other));
        assertThat(a.patientPseudonym("PID-1", "DOE^JANE")).isEqualTo(a2.patientPseudonym("PID-1", "DOE^JANE"))
                .isNotEqualTo(b.patientPseudonym("PID-1", "DOE^JANE"))
                .isNotEqualTo(a.patientPseudonym("PID-2", "DOE^JANE"))
                .matches("ANON-[A-Z2-7]{12}");
        assertThat(a.uid("1.2.3")).isEqualTo(a2.uid("1.2.3")).isNotEqualTo(b.uid("1.2.3"));
    }

    @Test
    void remappedUidsAreValidAndUnrelatedToTheOriginal() {
        Deidentifier d = new Deidentifier(PseudonymKey.of(new byte[32]));
        String original = "1.2.826.0.1.3680043.10.1079.1";
        String mapped = d.uid(original);
        assertThat(Uids.isValid(mapped)).isTrue();
        assertThat(mapped).startsWith("2.25.").doesNotContain("3680043");
        assertThat(d.value(Tags.StudyInstanceUID, original)).isEqualTo(mapped);
    }

    @Test
    void theBasicProfileEmptiesRemovesOrReplacesIdentifyingAttributes() {
        Deidentifier d = new Deidentifier(PseudonymKey.of(new byte[32]));
        assertThat(d.value(Tags.PatientBirthDate, "19700101")).isNull();
        assertThat(d.value(Tags.AccessionNumber, "ACC1")).isNull();
        assertThat(d.value(Tags.StudyDescription, "MR BRAIN for DOE")).isNull();
        assertThat(d.value(Tags.InstitutionName, "General Hospital")).isNull();
        assertThat(d.value(Tags.PatientName, "DOE^JANE")).startsWith("ANONYMOUS^");
        assertThat(d.value(Tags.Modality, "MR")).isEqualTo("MR");
        // Not in the table: not known to be safe, so it does not leave.
        assertThat(d.value(0x00101040, "1 Main Street")).isNull();
    }

    @Test
    void theKeyIsCreatedOnceOwnerOnlyAndThenReused() throws Exception {
        Path folder = tmp.resolve("config/reslens");
        PseudonymKey first = PseudonymKey.loadOrCreate(folder);
        PseudonymKey again = PseudonymKey.loadOrCreate(folder);
        Path file = folder.resolve(PseudonymKey.FILE_NAME);
        assertThat(Files.readString(file).trim()).hasSize(64);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new Deidentifier(first).patientPseudonym("X", null))
                .isEqualTo(new Deidentifier(again).patientPseudonym("X", null));
        assertThat(first.fingerprint()).isEqualTo(again.fingerprint()).hasSize(16);
        try (var s = Files.list(folder)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }
}
