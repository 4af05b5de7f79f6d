-- Sample data for the local demo (bin/demo) and docker-compose's development MySQL: a small shop.
-- Portable between MySQL 8.0 and MariaDB 10.11 (no sequence engine, no recursive CTE limits).
CREATE DATABASE IF NOT EXISTS shop;
USE shop;

CREATE TABLE IF NOT EXISTS digits (n TINYINT UNSIGNED PRIMARY KEY);
INSERT IGNORE INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);

CREATE TABLE IF NOT EXISTS users (
    id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    email VARCHAR(190) NOT NULL,
    name VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS products (
    id INT NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    price DECIMAL(10, 2) NOT NULL,
    tags SET('new', 'sale', 'eco') NOT NULL DEFAULT ''
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS orders (
    id BIGINT NOT NULL PRIMARY KEY,
    user_id BIGINT UNSIGNED NOT NULL,
    product_id INT NOT NULL,
    quantity SMALLINT NOT NULL,
    status ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL,
    ordered_at DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT IGNORE INTO users (id, email, name, country, created_at)
SELECT n, CONCAT('user', n, '@example.com'), CONCAT('User ', n), ELT(1 + n % 5, 'US', 'DE', 'FR', 'BR', 'JP'),
       TIMESTAMP('2025-01-01') + INTERVAL n MINUTE
FROM (SELECT a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 1 AS n FROM digits a, digits b, digits c, digits d) numbers;

INSERT IGNORE INTO products (id, name, price, tags)
SELECT n, CONCAT('Product ', n), (n % 500) + 0.99, ELT(1 + n % 4, '', 'new', 'sale', 'eco')
FROM (SELECT a.n + 10 * b.n + 1 AS n FROM digits a, digits b) numbers;

INSERT IGNORE INTO orders (id, user_id, product_id, quantity, status, ordered_at)
SELECT n, 1 + n % 10000, 1 + n % 100, 1 + n % 7, ELT(1 + n % 4, 'new', 'paid', 'shipped', 'cancelled'),
       TIMESTAMP('2025-06-01') + INTERVAL n SECOND
FROM (SELECT a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n + 1 AS n
      FROM digits a, digits b, digits c, digits d, digits e) numbers;
