<?php
// Drop-in server side of @redcap-sdk/external-module for a REDCap External Module: forwards
// the page's API calls (sent by moduleAjaxFetch through module.ajax) to this REDCap's API
// with a token kept in a module setting. Plain PHP 7.4+ with the curl extension; no composer.
//
//   require_once __DIR__ . '/redcap-sdk/RedcapSdkMethods.php';
//   require_once __DIR__ . '/redcap-sdk/RedcapApiAjax.php';
//   class MyModule extends \ExternalModules\AbstractExternalModule {
//       use \RedcapSdk\RedcapApiAjax;
//       public function redcap_module_ajax($action, $payload, $project_id, ...$rest) {
//           if ($action === 'redcap-api') return $this->forwardRedcapApiCall($payload, ['allow' => ['exportRecords', 'exportFile']]);
//       }
//   }

namespace RedcapSdk;

trait RedcapApiAjax
{
    /**
     * Forwards one API call from the page to REDCap and returns REDCap's answer (status,
     * content type, body) for moduleAjaxFetch, unchanged but for the token, which is
     * replaced by [token] should REDCap ever echo it.
     *
     * Refuses, with REDCap's JSON error shape and status 400/401/403: a malformed payload;
     * a method outside `allow` (default: the read-only methods); a page without a logged-in
     * user; a user without the REDCap right the method needs. A token in the payload is dropped.
     *
     * Options: `allow` (method names of @redcap-sdk/core/methods), `token-setting` (the
     * project setting holding the token, default 'redcap-sdk-api-token'), `api-url` (default
     * this REDCap's own API), `max-bytes` (largest upload, default 32 MiB).
     */
    public function forwardRedcapApiCall($payload, array $options = []): array
    {
        $methods = RedcapSdkMethods::METHODS;
        $allow = $options['allow'] ?? RedcapSdkMethods::readOnly();
        foreach ($allow as $name) {
            if (!isset($methods[$name])) {
                throw new \InvalidArgumentException("forwardRedcapApiCall: 'allow' names $name, which is not a REDCap method of @redcap-sdk/core/methods.");
            }
        }
        if (!is_array($payload) || !isset($payload['params']) || !is_array($payload['params'])) {
            return self::redcapSdkRefusal(400, 'Expected an API call from moduleAjaxFetch.');
        }
        $fields = [];
        foreach ($payload['params'] as $pair) {
            if (!is_array($pair) || count($pair) !== 2 || !is_string($pair[0]) || !is_scalar($pair[1])) {
                return self::redcapSdkRefusal(400, 'Expected the parameters as [name, value] pairs.');
            }
            // A token from the page is dropped: REDCap sees the module's own only.
            if (preg_match('/^token(\[|$)/', $pair[0])) continue;
            $fields[] = [$pair[0], (string) $pair[1]];
        }
        $one = function (string $name) use ($fields) {
            $found = array_values(array_filter($fields, fn ($pair) => $pair[0] === $name || strpos($pair[0], $name . '[') === 0));
            if (count($found) > 1 || (count($found) === 1 && $found[0][0] !== $name)) return false;
            return $found ? $found[0][1] : null;
        };
        $content = $one('content');
        $action = $one('action');
        if ($content === false || $action === false) return self::redcapSdkRefusal(400, 'The call has more than one content or action.');
        $action = $action ?? 'export';
        $method = null;
        foreach ($methods as $name => $info) {
            if ($info['content'] === $content && $info['action'] === $action) $method = $name;
        }
        if ($method === null) return self::redcapSdkRefusal(400, "content=$content with action=$action is not a REDCap API method.");
        if (!in_array($method, $allow, true)) return self::redcapSdkRefusal(403, "This module does not forward $method (content=$content, action=$action).");

        if (method_exists($this, 'isAuthenticated') && !$this->isAuthenticated()) {
            return self::redcapSdkRefusal(401, 'Log in to REDCap to use this page.');
        }
        $user = $this->getUser();
        $right = $methods[$method]['right'];
        if (!$user->isSuperUser()) {
            $rights = $user->getRights();
            if (!is_array($rights) || count($rights) === 0) return self::redcapSdkRefusal(403, 'You are not a user of this project.');
            if ($right === 'super' || ($right !== '' && (string) ($rights[$right] ?? '0') === '0')) {
                return self::redcapSdkRefusal(403, "You do not have the REDCap right $method needs ($right).");
            }
        }

        $token = trim((string) $this->getProjectSetting($options['token-setting'] ?? 'redcap-sdk-api-token'));
        if ($token === '') return self::redcapSdkRefusal(500, 'The module has no API token: set it in the module\'s project settings.');
        $url = $options['api-url'] ?? (defined('APP_PATH_WEBROOT_FULL') ? APP_PATH_WEBROOT_FULL . 'api/' : null);
        if (!is_string($url) || $url === '') return self::redcapSdkRefusal(500, 'The module does not know the API URL: pass api-url.');

        $post = ['token' => $token, 'content' => $content, 'action' => $action];
        foreach ($fields as [$name, $value]) {
            if ($name !== 'content' && $name !== 'action') $post[$name] = $value;
        }
        $temporary = [];
        $maxBytes = $options['max-bytes'] ?? 32 * 1024 * 1024;
        foreach ($payload['files'] ?? [] as $file) {
            $bytes = is_array($file) ? base64_decode((string) ($file['base64'] ?? ''), true) : false;
            if ($bytes === false || !is_string($file['field'] ?? null)) return self::redcapSdkRefusal(400, 'A file of the call is malformed.');
            if (strlen($bytes) > $maxBytes) return self::redcapSdkRefusal(413, "The file is larger than the module accepts ($maxBytes bytes).");
            $path = tempnam(sys_get_temp_dir(), 'redcap-sdk-');
            file_put_contents($path, $bytes);
            $temporary[] = $path;
            $post[$file['field']] = new \CURLFile($path, (string) ($file['type'] ?? '') ?: 'application/octet-stream', basename((string) ($file['name'] ?? 'upload')));
        }

        try {
            return self::redcapSdkPost($url, $post, $token);
        } finally {
            foreach ($temporary as $path) @unlink($path);
        }
    }

    /** Posts the call to REDCap; the answer as moduleAjaxFetch reads it. */
    private static function redcapSdkPost(string $url, array $post, string $token): array
    {
        $headers = [];
        $curl = curl_init($url);
        curl_setopt_array($curl, [
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $post,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_TIMEOUT => 300,
            CURLOPT_HEADERFUNCTION => function ($curl, $line) use (&$headers) {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) $headers[strtolower(trim($parts[0]))] = trim($parts[1]);
                return strlen($line);
            },
        ]);
        $body = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        // curl's error text can hold the URL; the page learns only that REDCap was not reached.
        if ($body === false) return self::redcapSdkRefusal(502, 'The module could not reach REDCap.');
        $passed = [];
        foreach (['content-type', 'content-disposition', 'retry-after'] as $name) {
            if (isset($headers[$name])) $passed[$name] = $headers[$name];
        }
        $type = strtolower($passed['content-type'] ?? '');
        $text = preg_match('#^(text/|application/(json|xml|csv))#', $type) === 1 && mb_check_encoding($body, 'UTF-8');
        if ($text) $body = str_ireplace($token, '[token]', $body);
        return ['status' => $status, 'headers' => $passed, 'body' => $text ? $body : base64_encode($body), 'encoding' => $text ? 'text' : 'base64'];
    }

    /** The module's own refusals, in REDCap's JSON error shape, so the SDK reports them as API errors. */
    private static function redcapSdkRefusal(int $status, string $message): array
    {
        return ['status' => $status, 'headers' => ['content-type' => 'application/json'], 'body' => json_encode(['error' => $message]), 'encoding' => 'text'];
    }
}
