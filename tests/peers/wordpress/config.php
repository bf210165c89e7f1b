<?php
/**
 * govsm-wordpress-test-config
 *
 * WordPress configuration for govsm's tests, copied to /etc/wordpress/config-govsm-tests.php by
 * tests/peers/wordpress_site.py (edit the copy in the repository, not that one). Debian's
 * /usr/share/wordpress/wp-config.php loads it because router.php sets
 * $_SERVER['WORDPRESS_CONFIG'] = 'govsm-tests', whatever the Host header.
 *
 * One file serves every test session at once: everything that differs between sessions comes
 * from the environment of the session's `php -S` process.
 */

$govsm_env = static function (string $name, ?string $default = null): string {
    $value = getenv($name);
    if ($value === false || $value === '') {
        if ($default !== null) {
            return $default;
        }
        header('HTTP/1.0 500 Internal Server Error');
        header('Content-Type: text/plain');
        echo "govsm's WordPress test configuration: $name is not set in the server's environment\n";
        exit(1);
    }
    return $value;
};

define('DB_NAME', $govsm_env('GOVSM_WP_DB'));
define('DB_USER', $govsm_env('GOVSM_WP_DB_USER'));
define('DB_PASSWORD', $govsm_env('GOVSM_WP_DB_PASSWORD', ''));
define('DB_HOST', $govsm_env('GOVSM_WP_DB_HOST', '127.0.0.1:3306'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');

define('WP_HOME', $govsm_env('GOVSM_WP_URL'));
define('WP_SITEURL', WP_HOME);
define('WP_CONTENT_DIR', $govsm_env('GOVSM_WP_CONTENT_DIR'));  // the session's own folder
define('WP_CONTENT_URL', WP_HOME . '/wp-content');              // served by router.php

// Application Passwords need HTTPS, or this environment type.
define('WP_ENVIRONMENT_TYPE', 'local');
// No background work, no calls out: the tests see exactly what they asked for.
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);

foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
          'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $govsm_key) {
    define($govsm_key, $govsm_env('GOVSM_WP_SALT') . ':' . $govsm_key);
}
unset($govsm_env, $govsm_key);
