<?php
/** @var \Example\RedcapSdkExample\RedcapSdkExampleModule $module */
// A project page of the module: REDCap draws its header and checks the login before this runs.
require_once APP_PATH_DOCROOT . 'ProjectGeneral/header.php';
echo $module->initializeJavascriptModuleObject();
?>
<h4>Records</h4>
<p id="status">Loading…</p>
<ul id="records"></ul>
<!-- The SDK's <script> build and the kit's, copied into js/ from node_modules (see README). -->
<script src="<?= $module->getUrl('js/redcap.global.js') ?>"></script>
<script src="<?= $module->getUrl('js/redcap-module-ajax.global.js') ?>"></script>
<script>
  (function () {
    const module = <?= $module->getJavascriptModuleObjectName() ?>;
    // No token in the page: every call goes through module.ajax to redcap_module_ajax,
    // which adds the token from the module's settings on the server.
    const redcap = RedcapSDK.createRedcap(RedcapModuleAjax.moduleAjaxClientOptions(module));
    const status = document.getElementById('status');
    redcap.records
      .export({ fields: ['record_id'] })
      .then(function (rows) {
        const ids = Array.from(new Set(rows.map(function (row) { return row.record_id; })));
        for (const id of ids) document.getElementById('records').appendChild(document.createElement('li')).textContent = id;
        status.textContent = rows.length + ' rows';
      })
      .catch(function (error) {
        // RedcapError messages never contain the token, so they are safe to show.
        status.textContent = error.name + ': ' + error.message;
      });
  })();
</script>
<?php require_once APP_PATH_DOCROOT . 'ProjectGeneral/footer.php';
