<?php
/**
 * Router of PHP's built-in server for govsm's test WordPress (tests/peers/wordpress_site.py):
 *   php -S 127.0.0.1:<port> -t /usr/share/wordpress router.php
 *
 * - Every request uses /etc/wordpress/config-govsm-tests.php (Debian's wp-config.php honours
 *   $_SERVER['WORDPRESS_CONFIG']; the router runs in the same request as WordPress).
 * - /wp-content/* is served from the session's own folder, $GOVSM_WP_CONTENT_DIR (uploads,
 *   links to Debian's themes); PHP files there are never served.
 * - Everything else is left to the server (`return false`): PHP files run, other files are
 *   sent, and unknown paths (/wp-json/..., pretty permalinks) fall back to /index.php.
 */

$_SERVER['WORDPRESS_CONFIG'] = 'govsm-tests';

$govsm_path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$govsm_content = getenv('GOVSM_WP_CONTENT_DIR');

if ($govsm_content === false || !str_starts_with($govsm_path, '/wp-content/')) {
    return false;
}

$govsm_relative = substr($govsm_path, strlen('/wp-content/'));
$govsm_file = rtrim($govsm_content, '/') . '/' . $govsm_relative;
$govsm_bad = in_array('..', explode('/', $govsm_relative), true)
    || str_contains($govsm_relative, "\0");
if ($govsm_bad || !is_file($govsm_file)) {
    http_response_code(404);
    header('Content-Type: text/plain');
    echo "Not found\n";
    return true;
}

$govsm_extension = strtolower(pathinfo($govsm_file, PATHINFO_EXTENSION));
if ($govsm_extension === 'php') {
    http_response_code(403);
    header('Content-Type: text/plain');
    echo "Forbidden\n";
    return true;
}

$govsm_types = [
    'avif' => 'image/avif', 'bmp' => 'image/bmp', 'css' => 'text/css; charset=UTF-8',
    'gif' => 'image/gif', 'htm' => 'text/html; charset=UTF-8', 'html' => 'text/html; charset=UTF-8',
    'ico' => 'image/x-icon', 'jpeg' => 'image/jpeg', 'jpg' => 'image/jpeg',
    'js' => 'text/javascript; charset=UTF-8', 'json' => 'application/json',
    'm4a' => 'audio/mp4', 'mov' => 'video/quicktime', 'mp3' => 'audio/mpeg', 'mp4' => 'video/mp4',
    'oga' => 'audio/ogg', 'ogg' => 'audio/ogg', 'ogv' => 'video/ogg', 'pdf' => 'application/pdf',
    'png' => 'image/png', 'svg' => 'image/svg+xml', 'txt' => 'text/plain; charset=UTF-8',
    'ttf' => 'font/ttf', 'wav' => 'audio/wav', 'webm' => 'video/webm', 'webp' => 'image/webp',
    'woff' => 'font/woff', 'woff2' => 'font/woff2', 'xml' => 'application/xml',
];
$govsm_type = $govsm_types[$govsm_extension] ?? null;
if ($govsm_type === null && function_exists('mime_content_type')) {
    $govsm_type = mime_content_type($govsm_file) ?: null;
}

header('Content-Type: ' . ($govsm_type ?? 'application/octet-stream'));
header('Content-Length: ' . filesize($govsm_file));
header('Last-Modified: ' . gmdate('D, d M Y H:i:s', filemtime($govsm_file)) . ' GMT');
if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
    readfile($govsm_file);
}
return true;
