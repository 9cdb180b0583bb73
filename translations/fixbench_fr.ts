<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>fixbench::EnvironmentModel</name>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>allocated port</source>
        <translation>port alloué</translation>
    </message>
    <message>
        <source>allocated port (%1)</source>
        <translation>port alloué (%1)</translation>
    </message>
    <message>
        <source>fixture %1</source>
        <translation>fixture %1</translation>
    </message>
    <message>
        <source>fixbench</source>
        <translation>fixbench</translation>
    </message>
    <message>
        <source>fixbench (%1)</source>
        <translation>fixbench (%1)</translation>
    </message>
    <message>
        <source>test binary %1</source>
        <translation>binaire de test %1</translation>
    </message>
    <message>
        <source>override</source>
        <translation>surcharge</translation>
    </message>
    <message>
        <source>system</source>
        <translation>système</translation>
    </message>
    <message>
        <source>Overrides %1 from %2. Clear the override to go back to it.</source>
        <translation>Remplace %1 venant de %2. Supprimez la surcharge pour y revenir.</translation>
    </message>
    <message>
        <source>Your own variable, remembered for this workspace.</source>
        <translation>Votre propre variable, mémorisée pour cet espace de travail.</translation>
    </message>
    <message>
        <source>Secret: reveal secrets to see it.</source>
        <translation>Secret&#xa0;: affichez les secrets pour la voir.</translation>
    </message>
    <message>
        <source>Double-click the value to override it for the next runs.</source>
        <translation>Double-cliquez sur la valeur pour la surcharger lors des prochaines exécutions.</translation>
    </message>
    <message>
        <source>fixbench.yml</source>
        <translation>fixbench.yml</translation>
    </message>
</context>
<context>
    <name>fixbench::EnvironmentPanel</name>
    <message>
        <source>Whose run: a test binary of the workspace (its fixtures and its env), or every fixture that is up</source>
        <translation>Pour quelle exécution&#xa0;: un binaire de test de l&apos;espace de travail (ses fixtures et son env), ou toutes les fixtures démarrées</translation>
    </message>
    <message>
        <source>&amp;Reveal Secrets</source>
        <translation>&amp;Afficher les secrets</translation>
    </message>
    <message>
        <source>Show the values of secret variables</source>
        <translation>Montrer la valeur des variables secrètes</translation>
    </message>
    <message>
        <source>&amp;Add Override…</source>
        <translation>&amp;Ajouter une surcharge…</translation>
    </message>
    <message>
        <source>Set a variable for the next runs (remembered for this workspace)</source>
        <translation>Définir une variable pour les prochaines exécutions (mémorisée pour cet espace de travail)</translation>
    </message>
    <message>
        <source>Re&amp;move Override</source>
        <translation>Su&amp;pprimer la surcharge</translation>
    </message>
    <message>
        <source>Go back to the value the fixture gives</source>
        <translation>Revenir à la valeur donnée par la fixture</translation>
    </message>
    <message>
        <source>&amp;Copy as Shell Exports</source>
        <translation>&amp;Copier en exports shell</translation>
    </message>
    <message>
        <source>Copy `export NAME=value` lines (secrets masked unless revealed)</source>
        <translation>Copier des lignes `export NOM=valeur` (secrets masqués sauf s’ils sont affichés)</translation>
    </message>
    <message>
        <source>Fixtures that are up</source>
        <translation>Fixtures démarrées</translation>
    </message>
    <message>
        <source>Run of %1</source>
        <translation>Exécution de %1</translation>
    </message>
    <message>
        <source>Not up: %1. A run brings them up first; their variables show here once they are up.</source>
        <translation>Non démarrées&#xa0;: %1. Une exécution les démarre d&apos;abord&#xa0;; leurs variables s&apos;affichent ici une fois qu&apos;elles tournent.</translation>
    </message>
    <message>
        <source>No fixture is up: bring one up to see what a run would get.</source>
        <translation>Aucune fixture n&apos;est démarrée&#xa0;: démarrez-en une pour voir ce qu&apos;une exécution recevrait.</translation>
    </message>
    <message>
        <source>Add Override</source>
        <translation>Ajouter une surcharge</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Valeur&#xa0;:</translation>
    </message>
</context>
<context>
    <name>fixbench::FixturesModel</name>
    <message>
        <source>Fixture</source>
        <translation>Fixture</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <source>down</source>
        <translation>arrêtée</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>en démarrage</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>prête</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>en échec</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>en arrêt</translation>
    </message>
    <message>
        <source>%1, stale</source>
        <translation>%1, périmée</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>État&#xa0;: %1</translation>
    </message>
    <message>
        <source>Its files changed since it started: restart it to apply them.</source>
        <translation>Ses fichiers ont changé depuis son démarrage&#xa0;: redémarrez-la pour les appliquer.</translation>
    </message>
    <message>
        <source>Compose project: %1</source>
        <translation>Projet compose&#xa0;: %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Démarrée&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1/%2 running</source>
        <translation>%1/%2 en marche</translation>
    </message>
    <message>
        <source>not in this workspace</source>
        <translation>hors de cet espace de travail</translation>
    </message>
    <message>
        <source>this window</source>
        <translation>cette fenêtre</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>owner gone</source>
        <translation>propriétaire disparu</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservée</translation>
    </message>
    <message>
        <source>left up on close</source>
        <translation>laissée à la fermeture</translation>
    </message>
    <message>
        <source>Container %1 (%2)
Image: %3
%4</source>
        <translation>Conteneur %1 (%2)
Image&#xa0;: %3
%4</translation>
    </message>
    <message>
        <source>created</source>
        <translation>créé</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pause</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>en redémarrage</translation>
    </message>
    <message>
        <source>removing</source>
        <translation>en suppression</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>mort</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>sain</translation>
    </message>
    <message>
        <source>unknown (the Docker engine cannot be reached)</source>
        <translation>inconnu (le moteur Docker est injoignable)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
</context>
<context>
    <name>fixbench::FixturesPanel</name>
    <message>
        <source>&amp;Up</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>Bring the fixture up and wait until it is ready (or attach to it when it already is)</source>
        <translation>Démarrer la fixture et attendre qu&apos;elle soit prête (ou s&apos;y rattacher si elle l&apos;est déjà)</translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Run its stopping hook, then remove its containers, networks and volumes</source>
        <translation>Lancer son hook d&apos;arrêt, puis supprimer ses conteneurs, réseaux et volumes</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Redémarrer</translation>
    </message>
    <message>
        <source>Take the fixture down and bring it up again (applies changed files)</source>
        <translation>Arrêter la fixture et la redémarrer (applique les fichiers modifiés)</translation>
    </message>
    <message>
        <source>&amp;Keep Alive</source>
        <translation>&amp;Garder en vie</translation>
    </message>
    <message>
        <source>&amp;Prune Leftovers</source>
        <translation>&amp;Nettoyer les restes</translation>
    </message>
    <message>
        <source>Remove fixture stacks (any workspace) whose owner process is gone and that are not kept</source>
        <translation>Supprimer les piles de fixtures (de tout espace de travail) dont le processus propriétaire a disparu et qui ne sont pas conservées</translation>
    </message>
    <message>
        <source>&amp;Cancel Up</source>
        <translation>&amp;Annuler le démarrage</translation>
    </message>
    <message>
        <source>Stop bringing the fixture up and clean up what was started</source>
        <translation>Interrompre le démarrage de la fixture et nettoyer ce qui a été lancé</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;ser</translation>
    </message>
    <message>
        <source>Ask the engine again now (it is asked every second anyway)</source>
        <translation>Interroger le moteur maintenant (il est interrogé chaque seconde de toute façon)</translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n leftover stack(s)</source>
        <translation>
            <numerusform>%n pile restante supprimée</numerusform>
            <numerusform>%n piles restantes supprimées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n left (kept or owner alive)</source>
        <translation>
            <numerusform>%n laissée (conservée ou propriétaire vivant)</numerusform>
            <numerusform>%n laissées (conservées ou propriétaire vivant)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is up</source>
        <translation>%1 est démarrée</translation>
    </message>
    <message>
        <source>%1 is down</source>
        <translation>%1 est arrêtée</translation>
    </message>
    <message>
        <source>%1 restarted</source>
        <translation>%1 a redémarré</translation>
    </message>
    <message>
        <source>Leftovers pruned</source>
        <translation>Restes nettoyés</translation>
    </message>
    <message>
        <source>%1 could not be brought up</source>
        <translation>%1 n&apos;a pas pu être démarrée</translation>
    </message>
    <message>
        <source>%1 could not be taken down</source>
        <translation>%1 n&apos;a pas pu être arrêtée</translation>
    </message>
    <message>
        <source>%1 could not be restarted</source>
        <translation>%1 n&apos;a pas pu être redémarrée</translation>
    </message>
    <message>
        <source>Pruning failed</source>
        <translation>Le nettoyage a échoué</translation>
    </message>
    <message>
        <source>Keep alive: select a fixture</source>
        <translation>Garder en vie&#xa0;: sélectionnez une fixture</translation>
    </message>
    <message>
        <source>Keep alive: the next Up starts %1 as a kept stack, which outlives this window and `fixbench prune` until you take it down</source>
        <translation>Garder en vie&#xa0;: le prochain démarrage lance %1 comme pile conservée, qui survit à cette fenêtre et à `fixbench prune` jusqu&apos;à ce que vous l&apos;arrêtiez</translation>
    </message>
    <message>
        <source>%1: hook done</source>
        <translation>%1&#xa0;: hook terminé</translation>
    </message>
    <message>
        <source>%1: a hook failed</source>
        <translation>%1&#xa0;: un hook a échoué</translation>
    </message>
    <message>
        <source>%1: keep alive changed</source>
        <translation>%1&#xa0;: maintien en vie modifié</translation>
    </message>
    <message>
        <source>%1: keep alive could not be changed</source>
        <translation>%1&#xa0;: le maintien en vie n’a pas pu être modifié</translation>
    </message>
    <message>
        <source>%1 is kept: it stays up until someone takes it down. Uncheck to let whoever started it (or `fixbench prune`, once that process is gone) take it down.</source>
        <translation>%1 est conservée&#xa0;: elle reste démarrée jusqu’à ce que quelqu’un l’arrête. Décochez pour laisser celui qui l’a démarrée (ou `fixbench prune`, une fois ce processus disparu) l’arrêter.</translation>
    </message>
    <message>
        <source>Keep %1 up: whoever started it leaves it up, this window too when it closes, and `fixbench prune` leaves it alone, until you take it down.</source>
        <translation>Garder %1 en vie&#xa0;: celui qui l’a démarrée la laisse tourner, cette fenêtre aussi à sa fermeture, et `fixbench prune` n’y touche pas, jusqu’à ce que vous l’arrêtiez.</translation>
    </message>
</context>
<context>
    <name>fixbench::FtpListingModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>Permissions</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>fixbench::FtpPanel</name>
    <message>
        <source>A fixture&apos;s FTP server (its FTP_* variables), or any URL</source>
        <translation>Le serveur FTP d&apos;une fixture (ses variables FTP_*), ou n&apos;importe quelle URL</translation>
    </message>
    <message>
        <source>ftp://user:password@host:port/</source>
        <translation>ftp://utilisateur:motdepasse@hôte:port/</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connecter</translation>
    </message>
    <message>
        <source>Parent Folder</source>
        <translation>Dossier parent</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Télécharger…</translation>
    </message>
    <message>
        <source>Upload…</source>
        <translation>Envoyer…</translation>
    </message>
    <message>
        <source>New Folder…</source>
        <translation>Nouveau dossier…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>Cancel Transfer</source>
        <translation>Annuler le transfert</translation>
    </message>
    <message>
        <source>Select a file and press Space (or double-click it) to preview it</source>
        <translation>Sélectionnez un fichier et appuyez sur Espace (ou double-cliquez dessus) pour l&apos;afficher</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>Retirer les transferts terminés</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Connexion impossible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <source>Fixture %1</source>
        <translation>Fixture %1</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>%1 is not up: bring it up first</source>
        <translation>%1 n&apos;est pas démarrée&#xa0;: démarrez-la d&apos;abord</translation>
    </message>
    <message>
        <source>Dis&amp;connect</source>
        <translation>Dé&amp;connecter</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n item(s)</source>
        <translation>
            <numerusform>%1 — %n élément</numerusform>
            <numerusform>%1 — %n éléments</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <source> (first %1 only)</source>
        <translation> (seulement les premiers %1)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation>
            <numerusform>%1&#xa0;: %n ligne</numerusform>
            <numerusform>%1&#xa0;: %n lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a text file (%2); download it to open it</source>
        <translation>%1 n&apos;est pas un fichier texte (%2)&#xa0;; téléchargez-le pour l&apos;ouvrir</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <source>Download To</source>
        <translation>Télécharger dans</translation>
    </message>
    <message>
        <source>Upload to %1</source>
        <translation>Envoyer dans %1</translation>
    </message>
    <message>
        <source>Delete %1 from the server?</source>
        <translation>Supprimer %1 du serveur&#xa0;?</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <source>Name of the new folder in %1:</source>
        <translation>Nom du nouveau dossier dans %1&#xa0;:</translation>
    </message>
    <message>
        <source>Too big to drag (%1): use Download</source>
        <translation>Trop gros pour un glisser-déposer (%1)&#xa0;: utilisez Télécharger</translation>
    </message>
</context>
<context>
    <name>fixbench::LogsPanel</name>
    <message>
        <source>Show every service interleaved, or one service</source>
        <translation>Afficher tous les services entremêlés, ou un seul service</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>Tous les services</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Suivre</translation>
    </message>
    <message>
        <source>Keep the newest line in view (stops when you scroll up, resumes at the bottom)</source>
        <translation>Garder la dernière ligne visible (s&apos;arrête quand vous remontez, reprend en bas)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Hold new lines back until resumed</source>
        <translation>Retenir les nouvelles lignes jusqu&apos;à la reprise</translation>
    </message>
    <message>
        <source>&amp;Timestamps</source>
        <translation>&amp;Horodatage</translation>
    </message>
    <message>
        <source>Show when each line was written</source>
        <translation>Afficher l&apos;heure de chaque ligne</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Effacer</translation>
    </message>
    <message>
        <source>Forget the lines shown so far</source>
        <translation>Oublier les lignes affichées jusqu’ici</translation>
    </message>
    <message>
        <source>&amp;Save Logs…</source>
        <translation>&amp;Enregistrer les journaux…</translation>
    </message>
    <message>
        <source>Save the lines shown to a text file</source>
        <translation>Enregistrer les lignes affichées dans un fichier texte</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>Occurrence &amp;suivante</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>Occurrence &amp;précédente</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>Rechercher (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>%1 restarted: re-attached</source>
        <translation>%1 a redémarré&#xa0;: rattaché</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>aucun résultat</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n ligne</numerusform>
            <numerusform>%n lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Save Logs</source>
        <translation>Enregistrer les journaux</translation>
    </message>
    <message>
        <source>Text files (*.txt *.log);;All files (*)</source>
        <translation>Fichiers texte (*.txt *.log);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Select a fixture to see its logs</source>
        <translation>Sélectionnez une fixture pour voir ses journaux</translation>
    </message>
    <message>
        <source>Waiting for containers of %1</source>
        <translation>En attente des conteneurs de %1</translation>
    </message>
    <message>
        <source>oldest dropped beyond %1 lines</source>
        <translation>les plus anciennes sont retirées au-delà de %1 lignes</translation>
    </message>
    <message numerus="yes">
        <source>paused, %n line(s) held back</source>
        <translation>
            <numerusform>en pause, %n ligne retenue</numerusform>
            <numerusform>en pause, %n lignes retenues</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 lines skipped to keep up</source>
        <translation>%1 lignes sautées pour suivre le rythme</translation>
    </message>
    <message>
        <source>%1: following %2</source>
        <translation>%1&#xa0;: suivi de %2</translation>
    </message>
</context>
<context>
    <name>fixbench::MainWindow</name>
    <message>
        <source>fixbench</source>
        <translation>fixbench</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Journaux</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>&amp;Ouvrir un espace de travail…</translation>
    </message>
    <message>
        <source>Open a folder holding fixbench.yml</source>
        <translation>Ouvrir un dossier contenant fixbench.yml</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;About fixbench</source>
        <translation>&amp;À propos de fixbench</translation>
    </message>
    <message>
        <source>Fixtures</source>
        <translation>Fixtures</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Fi&amp;xtures</source>
        <translation>Fi&amp;xtures</translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation>&amp;Journaux</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>Engine: asking…</source>
        <translation>Moteur&#xa0;: interrogation…</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>Pas d&apos;espace de travail</translation>
    </message>
    <message>
        <source>Switch Workspace</source>
        <translation>Changer d&apos;espace de travail</translation>
    </message>
    <message>
        <source>This window brought up fixtures that are still up: %1.
Take them down?</source>
        <translation>Cette fenêtre a démarré des fixtures toujours en marche&#xa0;: %1.
Les arrêter&#xa0;?</translation>
    </message>
    <message>
        <source>fixbench — %1</source>
        <translation>fixbench — %1</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Espace de travail&#xa0;: %1</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Ouvrir un espace de travail</translation>
    </message>
    <message>
        <source>%1 is not a fixbench workspace:
%2</source>
        <translation>%1 n&apos;est pas un espace de travail fixbench&#xa0;:
%2</translation>
    </message>
    <message>
        <source>Engine reachable</source>
        <translation>Moteur joignable</translation>
    </message>
    <message>
        <source>Engine not reachable</source>
        <translation>Moteur injoignable</translation>
    </message>
    <message>
        <source>Compose: not found</source>
        <translation>Compose&#xa0;: introuvable</translation>
    </message>
    <message>
        <source>Compose: %1 (%2)</source>
        <translation>Compose&#xa0;: %1 (%2)</translation>
    </message>
    <message>
        <source>About fixbench</source>
        <translation>À propos de fixbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;fixbench %1&lt;/h3&gt;&lt;p&gt;A workbench for integration tests with real services: it brings docker compose fixtures up, waits until they are ready, hands their settings to tests and shows their logs.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;fixbench %1&lt;/h3&gt;&lt;p&gt;Un établi pour les tests d&apos;intégration avec de vrais services&#xa0;: il démarre des fixtures docker compose, attend qu&apos;elles soient prêtes, transmet leurs paramètres aux tests et affiche leurs journaux.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Taking down %1 before closing…</source>
        <translation>Arrêt de %1 avant la fermeture…</translation>
    </message>
    <message>
        <source>Close fixbench</source>
        <translation>Fermer fixbench</translation>
    </message>
    <message>
        <source>This window brought up fixtures that are still up: %1.</source>
        <translation>Cette fenêtre a démarré des fixtures toujours en marche&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Take them down now? If you leave them up, they are not kept: `fixbench prune` removes them once this window is gone.</source>
        <translation>Les arrêter maintenant&#xa0;? Si vous les laissez en marche, elles ne sont pas conservées&#xa0;: `fixbench prune` les supprime une fois cette fenêtre fermée.</translation>
    </message>
    <message>
        <source>&amp;Take Down</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>&amp;Leave Up</source>
        <translation>&amp;Laisser en marche</translation>
    </message>
    <message>
        <source>Logs — %1</source>
        <translation>Journaux — %1</translation>
    </message>
    <message>
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <source>&amp;Editor Command…</source>
        <translation>Commande de l&apos;é&amp;diteur…</translation>
    </message>
    <message>
        <source>The command that opens file:line links of test failures</source>
        <translation>La commande qui ouvre les liens fichier:ligne des échecs de tests</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>Tests</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>&amp;Tests</source>
        <translation>&amp;Tests</translation>
    </message>
    <message>
        <source>Editor Command</source>
        <translation>Commande de l&apos;éditeur</translation>
    </message>
    <message>
        <source>Command that opens a file at a line (%f: the file, %l: the line),
e.g. code --goto %f:%l, kate --line %l %f, gvim +%l %f:</source>
        <translation>Commande qui ouvre un fichier à une ligne (%f&#xa0;: le fichier, %l&#xa0;: la ligne),
par ex. code --goto %f:%l, kate --line %l %f, gvim +%l %f&#xa0;:</translation>
    </message>
</context>
<context>
    <name>fixbench::ResultsPanel</name>
    <message>
        <source>Test Result</source>
        <translation>Résultat du test</translation>
    </message>
    <message>
        <source>Run Console</source>
        <translation>Console d&apos;exécution</translation>
    </message>
    <message>
        <source>Select a test to see its result.</source>
        <translation>Sélectionnez un test pour voir son résultat.</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>pas encore exécuté</translation>
    </message>
    <message>
        <source>Defined at</source>
        <translation>Défini à</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Fixtures: %1</source>
        <translation>Fixtures&#xa0;: %1</translation>
    </message>
    <message>
        <source>Command: %1 %2</source>
        <translation>Commande&#xa0;: %1 %2</translation>
    </message>
    <message>
        <source>Shuffle seed: %1</source>
        <translation>Graine du mélange&#xa0;: %1</translation>
    </message>
    <message>
        <source>Killed by signal %1</source>
        <translation>Tué par le signal %1</translation>
    </message>
    <message>
        <source>Exit code %1</source>
        <translation>Code de sortie %1</translation>
    </message>
</context>
<context>
    <name>fixbench::RunCoordinator</name>
    <message>
        <source>the workspace was closed</source>
        <translation>l&apos;espace de travail a été fermé</translation>
    </message>
    <message>
        <source>Bringing %1 up…</source>
        <translation>Démarrage de %1…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>%1: setup_data</source>
        <translation>%1&#xa0;: setup_data</translation>
    </message>
    <message numerus="yes">
        <source>Running %n test binary(ies)…</source>
        <translation>
            <numerusform>Exécution de %n binaire de test…</numerusform>
            <numerusform>Exécution de %n binaires de test…</numerusform>
        </translation>
    </message>
    <message>
        <source>a test run is already in progress</source>
        <translation>une exécution de tests est déjà en cours</translation>
    </message>
    <message>
        <source>%1: teardown_data</source>
        <translation>%1&#xa0;: teardown_data</translation>
    </message>
    <message>
        <source>%1: teardown_data failed: %2</source>
        <translation>%1&#xa0;: teardown_data a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 could not be brought up: %2</source>
        <translation>%1 n&apos;a pas pu être démarrée&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: setup_data failed: %2</source>
        <translation>%1&#xa0;: setup_data a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <source>Bringing %1 (instance %2) up…</source>
        <translation>Démarrage de %1 (instance %2)…</translation>
    </message>
</context>
<context>
    <name>fixbench::TestsModel</name>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>non exécuté</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>réussi</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignoré</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>planté</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>délai dépassé</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompu</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Fixtures: %1</source>
        <translation>Fixtures&#xa0;: %1</translation>
    </message>
    <message>
        <source>TypeParam = %1</source>
        <translation>TypeParam = %1</translation>
    </message>
    <message>
        <source>GetParam() = %1</source>
        <translation>GetParam() = %1</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>listing…</source>
        <translation>inventaire…</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en attente</translation>
    </message>
</context>
<context>
    <name>fixbench::TestsPanel</name>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <source>Run the checked tests (F5)</source>
        <translation>Exécuter les tests cochés (F5)</translation>
    </message>
    <message>
        <source>Run &amp;All</source>
        <translation>&amp;Tout exécuter</translation>
    </message>
    <message>
        <source>Run every test of every binary</source>
        <translation>Exécuter tous les tests de tous les binaires</translation>
    </message>
    <message>
        <source>Run &amp;Failed</source>
        <translation>Relancer les é&amp;checs</translation>
    </message>
    <message>
        <source>Run again the tests that failed, crashed or timed out last time</source>
        <translation>Relancer les tests qui ont échoué, planté ou dépassé le délai la dernière fois</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Stop the run (the binaries&apos; process groups are terminated) (Shift+F5)</source>
        <translation>Arrêter l&apos;exécution (les groupes de processus des binaires sont terminés) (Maj+F5)</translation>
    </message>
    <message>
        <source>Re&amp;list Tests</source>
        <translation>Re&amp;lister les tests</translation>
    </message>
    <message>
        <source>List the tests of every binary again (done by itself when a binary is rebuilt)</source>
        <translation>Lister à nouveau les tests de chaque binaire (fait automatiquement quand un binaire est recompilé)</translation>
    </message>
    <message>
        <source>&amp;Debug Command…</source>
        <translation>Commande de &amp;débogage…</translation>
    </message>
    <message>
        <source>The exact command line that runs the selected test under gdb, stopping at the first failure</source>
        <translation>La ligne de commande exacte qui lance le test sélectionné sous gdb, en s&apos;arrêtant au premier échec</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Repeat each test (--gtest_repeat)</source>
        <translation>Répéter chaque test (--gtest_repeat)</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>Mélanger</translation>
    </message>
    <message>
        <source>Run tests in random order (--gtest_shuffle); the seed is shown after the run</source>
        <translation>Exécuter les tests dans un ordre aléatoire (--gtest_shuffle)&#xa0;; la graine est affichée après l&apos;exécution</translation>
    </message>
    <message>
        <source>Break on failure</source>
        <translation>Arrêt à l&apos;échec</translation>
    </message>
    <message>
        <source>--gtest_break_on_failure: a failing assertion traps (for a debugger; without one the binary crashes there)</source>
        <translation>--gtest_break_on_failure&#xa0;: une assertion en échec déclenche un piège (pour un débogueur&#xa0;; sans débogueur le binaire plante à cet endroit)</translation>
    </message>
    <message>
        <source>Filter tests</source>
        <translation>Filtrer les tests</translation>
    </message>
    <message>
        <source>Nothing failed last time</source>
        <translation>Rien n&apos;a échoué la dernière fois</translation>
    </message>
    <message>
        <source>Run This</source>
        <translation>Exécuter ceci</translation>
    </message>
    <message>
        <source>Check All</source>
        <translation>Tout cocher</translation>
    </message>
    <message>
        <source>Uncheck All</source>
        <translation>Tout décocher</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> · stopped</source>
        <translation> · arrêté</translation>
    </message>
    <message numerus="yes">
        <source>%n test binary(ies) could not be listed (see the Tests panel)</source>
        <translation>
            <numerusform>%n binaire de test n&apos;a pas pu être listé (voir le panneau Tests)</numerusform>
            <numerusform>%n binaires de test n&apos;ont pas pu être listés (voir le panneau Tests)</numerusform>
        </translation>
    </message>
    <message>
        <source>Rebuilt: %1; listing its tests again</source>
        <translation>Recompilé&#xa0;: %1&#xa0;; nouvel inventaire de ses tests</translation>
    </message>
    <message>
        <source>Debug Command</source>
        <translation>Commande de débogage</translation>
    </message>
    <message>
        <source>Runs the selected tests under gdb with the environment a run gets (secrets included), stopping at the first failing assertion. Copied to the clipboard.</source>
        <translation>Lance les tests sélectionnés sous gdb avec l&apos;environnement d&apos;une exécution (secrets compris), en s&apos;arrêtant à la première assertion en échec. Copiée dans le presse-papiers.</translation>
    </message>
    <message>
        <source>instance</source>
        <translation>instance</translation>
    </message>
    <message>
        <source>Fixture instance the run brings up or attaches to (as `fixbench run --instance`); empty: the default instance</source>
        <translation>Instance des fixtures que l’exécution démarre ou rejoint (comme `fixbench run --instance`) ; vide : l’instance par défaut</translation>
    </message>
</context>
<context>
    <name>fixbench::TransfersModel</name>
    <message>
        <source>Transfer</source>
        <translation>Transfert</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%2 → %1</source>
        <translation>%2 → %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The fixbench workbench: fixtures, their logs and environment, in one window.</source>
        <translation>L&apos;établi fixbench{NB}: les fixtures, leurs journaux et leur environnement, dans une seule fenêtre.</translation>
    </message>
    <message>
        <source>Workspace folder (holding fixbench.yml).</source>
        <translation>Dossier de l’espace de travail (contenant fixbench.yml).</translation>
    </message>
    <message>
        <source>User interface language: %1 (default: the system&apos;s).</source>
        <translation>Langue de l&apos;interface&#xa0;: %1 (par défaut&#xa0;: celle du système).</translation>
    </message>
    <message>
        <source>Bring this fixture up once the window is open (repeatable).</source>
        <translation>Démarrer cette fixture une fois la fenêtre ouverte (répétable).</translation>
    </message>
    <message>
        <source>Run the checked tests once they are listed (F5).</source>
        <translation>Exécuter les tests cochés une fois listés (F5).</translation>
    </message>
</context>
</TS>
