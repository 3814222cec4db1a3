<?php
namespace Example\RedcapSdkExample;

// The kit's PHP files, copied from node_modules/@redcap-sdk/external-module/php/ into redcap-sdk/.
require_once __DIR__ . '/redcap-sdk/RedcapSdkMethods.php';
require_once __DIR__ . '/redcap-sdk/RedcapApiAjax.php';

class RedcapSdkExampleModule extends \ExternalModules\AbstractExternalModule
{
    use \RedcapSdk\RedcapApiAjax;

    /** What the page may do: read records and the data dictionary, download files. Nothing else is forwarded. */
    private const ALLOW = ['exportRecords', 'exportMetadata', 'exportFieldNames', 'exportFile', 'exportVersion'];

    public function redcap_module_ajax($action, $payload, $project_id, $record, $instrument, $event_id, $repeat_instance,
        $survey_hash, $response_id, $survey_queue_hash, $page, $page_full, $user_id, $group_id)
    {
        if ($action === 'redcap-api') {
            // The user's REDCap rights are checked too (data export for records and files).
            return $this->forwardRedcapApiCall($payload, ['allow' => self::ALLOW]);
        }
        throw new \Exception("Unknown action $action");
    }
}
