<?php
// `php -S` router: the example module as REDCap would run it, with the stand-in framework.
//   MODULE_DIR       the deployed module (its PHP class and the kit's files in redcap-sdk/)
//   MODULE_CLASS     its class name
//   STAND_IN_JS      a JSON map of js/ file names to files (the SDK's <script> builds)
//   STAND_IN_USERS   a JSON map of user names to { super, rights }; STAND_IN_USER the page's user
//   STAND_IN_SETTINGS the module's project settings as JSON (the API token among them)
//   REDCAP_BASE_URL  the stand-in REDCap's base URL (its API is REDCAP_BASE_URL . 'api/')
// POST /ajax is module.ajax: { action, payload } in, the hook's JSON out.
require __DIR__ . '/AbstractExternalModule.php';
define('APP_PATH_WEBROOT_FULL', getenv('REDCAP_BASE_URL'));
define('APP_PATH_DOCROOT', __DIR__ . '/docroot/');
require getenv('MODULE_DIR') . '/' . basename(str_replace('\\', '/', getenv('MODULE_CLASS'))) . '.php';

$class = getenv('MODULE_CLASS');
$module = new $class();
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
// The framework knows the user from REDCap's session; the tests name it in a header.
$user = $_SERVER['HTTP_X_STAND_IN_USER'] ?? (getenv('STAND_IN_USER') ?: null);
\ExternalModules\AbstractExternalModule::$currentUser = $user === 'nobody' ? null : $user;

if ($path === '/ajax' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    $call = json_decode(file_get_contents('php://input'), true);
    header('Content-Type: application/json');
    try {
        $result = $module->redcap_module_ajax($call['action'] ?? '', $call['payload'] ?? null, 1, null, null, null, null, null, null, null, null, null, $user, null);
        echo json_encode($result);
    } catch (\Throwable $error) {
        http_response_code(500);
        echo json_encode(['error' => $error->getMessage()]);
    }
    return true;
}
$scripts = json_decode(getenv('STAND_IN_JS') ?: '{}', true);
if (strpos($path, '/js/') === 0 && isset($scripts[substr($path, 4)])) {
    header('Content-Type: text/javascript');
    readfile($scripts[substr($path, 4)]);
    return true;
}
if ($path === '/records.php') {
    require getenv('MODULE_DIR') . '/records.php';
    return true;
}
http_response_code(404);
echo 'not found';
return true;
