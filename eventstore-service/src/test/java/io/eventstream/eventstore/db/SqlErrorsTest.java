package io.eventstream.eventstore.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class SqlErrorsTest {

    @Test
    void aConnectionLostMidTransactionIsUnavailableEvenWhenTheRollbackFailsToo() {
        var lost = new UncategorizedSQLException("insert", "INSERT", new SQLException("I/O error", "08006"));
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed", new SQLException("closed"));
        rollbackFailed.initApplicationException(lost);

        assertThat(SqlErrors.isUnavailable(rollbackFailed)).isTrue();
        assertThat(SqlErrors.isUnavailable(new CannotCreateTransactionException("no connection"))).isTrue();
    }

    @Test
    void serializationFailuresAreRetryableAndConstraintViolationsAreNeither() {
        var retry = new UncategorizedSQLException("x", "x", new SQLException("restart transaction", "40001"));
        var unique = new DataIntegrityViolationException("dup", new SQLException("duplicate key", "23505"));

        assertThat(SqlErrors.isRetryable(retry)).isTrue();
        // Two batches of appends (two instances) can lock the same aggregates' versions in opposite orders.
        assertThat(SqlErrors.isRetryable(new UncategorizedSQLException("x", "x", new SQLException("deadlock", "40P01"))))
                .isTrue();
        assertThat(SqlErrors.isUniqueViolation(unique)).isTrue();
        assertThat(SqlErrors.isUnavailable(unique)).isFalse();
        assertThat(SqlErrors.isRetryable(unique)).isFalse();
    }
}
