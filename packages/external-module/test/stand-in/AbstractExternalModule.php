<?php
// A stand-in for the part of REDCap's External Module framework the kit and the example
// use: project settings, the current user and their rights, the JavaScript Module Object.
// Its state comes from the environment (see router.php); nothing here is REDCap's code.
namespace ExternalModules;

final class StandInUser
{
    private $name;
    private $user;

    public function __construct(string $name, array $user)
    {
        $this->name = $name;
        $this->user = $user;
    }

    public function getUsername(): string
    {
        return $this->name;
    }

    public function isSuperUser(): bool
    {
        return ($this->user['super'] ?? false) === true;
    }

    public function getRights($projectIds = null): array
    {
        return $this->user['rights'] ?? [];
    }
}

abstract class AbstractExternalModule
{
    /** The user of the current request (the framework knows it from REDCap's session). */
    public static $currentUser = null;

    public function isAuthenticated(): bool
    {
        return self::$currentUser !== null;
    }

    public function getUser($username = null): StandInUser
    {
        $users = json_decode(getenv('STAND_IN_USERS') ?: '{}', true);
        $name = $username ?? self::$currentUser;
        if ($name === null || !isset($users[$name])) throw new \Exception('The user cannot be found.');
        return new StandInUser($name, $users[$name]);
    }

    public function getProjectSetting($key, $pid = null)
    {
        $settings = json_decode(getenv('STAND_IN_SETTINGS') ?: '{}', true);
        return $settings[$key] ?? null;
    }

    public function getUrl($path, $noAuth = false, $useApiEndpoint = false): string
    {
        return '/' . ltrim($path, '/');
    }

    public function getJavascriptModuleObjectName(): string
    {
        return 'StandInModuleObject';
    }

    /** Like the framework's: module.ajax(action, payload) posts to the module and resolves to what the hook returned. */
    public function initializeJavascriptModuleObject(): string
    {
        return <<<'HTML'
<script>
  window.StandInModuleObject = {
    ajax: async function (action, payload) {
      const response = await fetch('/ajax', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }) });
      if (!response.ok) throw new Error('The module request failed with ' + response.status);
      return response.json();
    },
  };
</script>
HTML;
    }
}
