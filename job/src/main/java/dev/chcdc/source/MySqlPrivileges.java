package dev.chcdc.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The replication user's privileges, read from {@code SHOW GRANTS}, against exactly what the job uses:
 * REPLICATION SLAVE (read the binlog) and REPLICATION CLIENT (read the binlog position; MariaDB calls it BINLOG
 * MONITOR), both only grantable on {@code *.*}, and SELECT on each captured database (snapshot, schema, validate).
 * Anything else is excess: e.g. SELECT on {@code *.*} reads {@code mysql.user}'s password hashes. Each finding
 * carries the statement that fixes it. The grant lines themselves are never kept (MariaDB's carry the password hash).
 */
public record MySqlPrivileges(String account, List<Grant> grants, boolean throughRoles) {
    /** One {@code GRANT privileges ON database.table} line; {@code database} and {@code table} are {@code *} for all. */
    public record Grant(Set<String> privileges, String database, String table) {
        boolean global() {
            return "*".equals(database);
        }

        boolean covers(String captured) {
            return global() || databasePattern(database).matcher(captured).matches();
        }
    }

    private static final Set<String> BINLOG_READ = Set.of("REPLICATION SLAVE", "REPLICATION REPLICA");
    private static final Set<String> BINLOG_POSITION = Set.of("REPLICATION CLIENT", "BINLOG MONITOR");
    private static final Pattern GRANT_LINE = Pattern.compile(
            "(?is)GRANT (.+?) ON (?:TABLE )?(\\*|`(?:[^`]|``)*`)\\.(\\*|`(?:[^`]|``)*`) TO .*");

    public MySqlPrivileges {
        grants = List.copyOf(grants);
    }

    /** Reads the connected user's grants. */
    public static MySqlPrivileges read(Connection connection) throws SQLException {
        String account;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CURRENT_USER()")) {
            result.next();
            account = quoteAccount(result.getString(1));
        }
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW GRANTS")) {
            while (result.next()) {
                lines.add(result.getString(1));
            }
        }
        return parse(account, lines);
    }

    static MySqlPrivileges parse(String account, List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        boolean roles = false;
        for (String line : lines) {
            var grant = GRANT_LINE.matcher(line);
            if (grant.matches()) {
                Set<String> privileges = new LinkedHashSet<>();
                // Column lists ("SELECT (`a`, `b`)") name columns, not privileges.
                for (String privilege : grant.group(1).replaceAll("\\([^)]*\\)", "").split(",")) {
                    String name = privilege.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                    if (!name.isEmpty() && !name.equals("USAGE")) {
                        privileges.add(name.equals("ALL") ? "ALL PRIVILEGES" : name);
                    }
                }
                if (!privileges.isEmpty()) {
                    grants.add(new Grant(Set.copyOf(privileges), unquote(grant.group(2)), unquote(grant.group(3))));
                }
            } else if (line.regionMatches(true, 0, "GRANT ", 0, 6) && !line.toUpperCase(Locale.ROOT).contains(" ON ")) {
                roles = true;
            }
        }
        return new MySqlPrivileges(account, grants, roles);
    }

    /** What the job needs and lacks, each with its GRANT statement; empty when the job can run. */
    public List<String> missing(List<String> databases) {
        List<String> missing = new ArrayList<>();
        if (!holdsGlobally(BINLOG_READ)) {
            missing.add("User " + account + " lacks REPLICATION SLAVE, needed to read the binlog: "
                    + "GRANT REPLICATION SLAVE ON *.* TO " + account);
        }
        if (!holdsGlobally(BINLOG_POSITION)) {
            missing.add("User " + account + " lacks REPLICATION CLIENT (MariaDB: BINLOG MONITOR), needed to read the "
                    + "binlog position: GRANT REPLICATION CLIENT ON *.* TO " + account);
        }
        for (String database : databases) {
            boolean readable = grants.stream().anyMatch(grant -> grant.covers(database)
                    && (grant.privileges().contains("SELECT") || grant.privileges().contains("ALL PRIVILEGES")));
            if (!readable) {
                missing.add("User " + account + " cannot read database `" + database + "` (snapshot and schema): "
                        + "GRANT SELECT ON " + MySqlIdentifier.quote(database) + ".* TO " + account);
            }
        }
        return missing;
    }

    /**
     * What the user may do beyond the job's needs, each with its REVOKE statement (and the narrower GRANT where a
     * global SELECT is replaced by SELECT on the captured databases).
     */
    public List<String> excess(List<String> databases) {
        List<String> excess = new ArrayList<>();
        for (Grant grant : grants) {
            Set<String> extra = new LinkedHashSet<>(grant.privileges());
            String on;
            if (grant.global()) {
                extra.removeAll(BINLOG_READ);
                extra.removeAll(BINLOG_POSITION);
                on = "*.*";
            } else {
                // SELECT where a captured database is read; a wildcard pattern counts as one grant.
                if (databases.stream().anyMatch(grant::covers)) {
                    extra.remove("SELECT");
                }
                on = MySqlIdentifier.quote(grant.database()) + "." + ("*".equals(grant.table()) ? "*" : MySqlIdentifier.quote(grant.table()));
            }
            if (extra.isEmpty()) {
                continue;
            }
            String fix = "REVOKE " + String.join(", ", extra.stream().sorted().toList()) + " ON " + on + " FROM " + account;
            if (extra.contains("SELECT") || extra.contains("ALL PRIVILEGES")) {
                List<String> regrants = databases.stream().filter(grant::covers)
                        .map(database -> "GRANT SELECT ON " + MySqlIdentifier.quote(database) + ".* TO " + account).toList();
                if (!regrants.isEmpty()) {
                    fix += "; then " + String.join("; ", regrants);
                }
            }
            excess.add("User " + account + " holds more than the job uses: " + String.join(", ", extra.stream().sorted().toList())
                    + " ON " + on + " (" + (grant.global() && (extra.contains("SELECT") || extra.contains("ALL PRIVILEGES"))
                            ? "SELECT on *.* reads every database, including mysql.user's password hashes" : "never used")
                    + "): " + fix);
        }
        if (throughRoles) {
            excess.add("User " + account + " has roles; privileges granted through roles are not audited here "
                    + "(SHOW GRANTS FOR " + account + " USING <role>)");
        }
        return excess;
    }

    private boolean holdsGlobally(Set<String> anyOf) {
        return grants.stream().filter(Grant::global).anyMatch(grant -> grant.privileges().contains("ALL PRIVILEGES")
                || grant.privileges().stream().anyMatch(anyOf::contains));
    }

    /** A database name in a GRANT may hold the wildcards {@code %} and {@code _}; {@code \} escapes them. */
    static Pattern databasePattern(String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                regex.append(Pattern.quote(String.valueOf(name.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("`") ? identifier.substring(1, identifier.length() - 1).replace("``", "`") : identifier;
    }

    /** {@code CURRENT_USER()}'s {@code cdc@%} as {@code 'cdc'@'%'}. */
    private static String quoteAccount(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        String user = at < 0 ? currentUser : currentUser.substring(0, at);
        String host = at < 0 ? "%" : currentUser.substring(at + 1);
        return "'" + user.replace("'", "''") + "'@'" + host.replace("'", "''") + "'";
    }
}
