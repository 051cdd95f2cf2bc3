package dev.phasor.cluster.hazelcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract again with every member given one {@code --secret-file}: workers then run only sealed
 * messages, so every behaviour of the contract (failures, resume, reruns, retries, a worker killed mid-phase...)
 * holds with messages sealed end to end.
 */
class HazelcastSealedContractTest extends HazelcastContractTest {

    private static Path secret;

    @BeforeAll
    static void seal() throws IOException {
        secret = Files.createTempFile("phasor-contract-secret", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, "the contract suite's secret, 32+ bytes");
        memberOptions = List.of("--secret-file", secret.toString());
    }

    @AfterAll
    static void unseal() throws IOException {
        memberOptions = List.of();
        Files.deleteIfExists(secret);
    }
}
