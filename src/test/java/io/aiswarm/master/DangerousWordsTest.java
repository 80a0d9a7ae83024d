package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DangerousWordsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Delete 3 files?                              | Delete
            This will remove the cache                   | remove
            $ rm -rf build                               | rm -rf
            rm -r old/                                   | rm -r
            rm notes.txt                                 | rm
            shred -u secrets.txt                         | shred
            Format the disk /dev/sdb                     | Format
            mkfs.ext4 /dev/sdb1                          | mkfs
            dd if=/dev/zero of=/dev/sda                  | dd if=
            Overwrite existing file config.yml           | Overwrite
            DROP DATABASE shop;                          | DROP DATABASE
            drop table users                             | drop table
            DROP INDEX idx_name                          | DROP INDEX
            TRUNCATE orders                              | TRUNCATE
            kill -9 4242                                 | kill
            Terminate the instance i-123                 | Terminate
            sudo apt-get install curl                    | sudo
            Enter password for alice                     | password
            Enter passphrase for key                     | passphrase
            Paste your API token                         | token
            Store the secret in the vault                | secret
            ssh deploy@host                              | ssh
            Add the key to the agent                     | key
            export OPENAI_API_KEY=...                    | _KEY
            Deploy to prod                               | prod
            Deploy to production now                     | production
            部署到生产环境                                 | 生产
            删除所有文件                                   | 删除
            git push --force origin main                 | --force
            git reset --hard HEAD~3                      | reset --hard
            """)
    void everyDangerousWordIsFound(String line, String word) {
        assertThat(DangerousWords.find(List.of("Working on it", line, "Continue? [y/N]")))
                .hasValueSatisfying(hit -> {
                    assertThat(hit.word()).isEqualToIgnoringCase(word);
                    assertThat(hit.line()).isEqualTo(line);
                });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Press any key to continue", "Press a key when ready", "Press the Enter key",
            "press return key to go on", "Compiled 12 modules", "The keyboard layout is US", "skills and terms",
            "firmware updated", "informative output", "product page rendered", "Performed 3 checks"})
    void harmlessLinesAreNotDangerous(String line) {
        assertThat(DangerousWords.find(List.of(line))).isEmpty();
    }
}
