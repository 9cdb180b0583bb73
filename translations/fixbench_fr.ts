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
        <translation>Secret : affichez les secrets pour la voir.</translation>
    </message>
    <message>
        <source>Double-click the value to override it for the next runs.</source>
        <translation>Double-cliquez sur la valeur pour la surcharger lors des prochaines exécutions.</translation>
    </message>
</context>
<context>
    <name>fixbench::EnvironmentPanel</name>
    <message>
        <source>Whose run: a test binary of the workspace (its fixtures and its env), or every fixture that is up</source>
        <translation>Pour quelle exécution : un binaire de test de l'espace de travail (ses fixtures et son env), ou toutes les fixtures démarrées</translation>
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
        <translation>Non démarrées : %1. Une exécution les démarre d'abord ; leurs variables s'affichent ici une fois qu'elles tournent.</translation>
    </message>
    <message>
        <source>No fixture is up: bring one up to see what a run would get.</source>
        <translation>Aucune fixture n'est démarrée : démarrez-en une pour voir ce qu'une exécution recevrait.</translation>
    </message>
    <message>
        <source>Add Override</source>
        <translation>Ajouter une surcharge</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Valeur :</translation>
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
        <translation>État : %1</translation>
    </message>
    <message>
        <source>Its files changed since it started: restart it to apply them.</source>
        <translation>Ses fichiers ont changé depuis son démarrage : redémarrez-la pour les appliquer.</translation>
    </message>
    <message>
        <source>Compose project: %1</source>
        <translation>Projet compose : %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Démarrée : %1</translation>
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
Image : %3
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
        <translation>Démarrer la fixture et attendre qu'elle soit prête (ou s'y rattacher si elle l'est déjà)</translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Run its stopping hook, then remove its containers, networks and volumes</source>
        <translation>Lancer son hook d'arrêt, puis supprimer ses conteneurs, réseaux et volumes</translation>
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
        <translation><numerusform>%n pile restante supprimée</numerusform><numerusform>%n piles restantes supprimées</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n left (kept or owner alive)</source>
        <translation><numerusform>%n laissée (conservée ou propriétaire vivant)</numerusform><numerusform>%n laissées (conservées ou propriétaire vivant)</numerusform></translation>
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
        <translation>%1 n'a pas pu être démarrée</translation>
    </message>
    <message>
        <source>%1 could not be taken down</source>
        <translation>%1 n'a pas pu être arrêtée</translation>
    </message>
    <message>
        <source>%1 could not be restarted</source>
        <translation>%1 n'a pas pu être redémarrée</translation>
    </message>
    <message>
        <source>Pruning failed</source>
        <translation>Le nettoyage a échoué</translation>
    </message>
    <message>
        <source>Keep alive: select a fixture</source>
        <translation>Garder en vie : sélectionnez une fixture</translation>
    </message>
    <message>
        <source>Keep alive: the next Up starts %1 as a kept stack, which outlives this window and `fixbench prune` until you take it down</source>
        <translation>Garder en vie : le prochain démarrage lance %1 comme pile conservée, qui survit à cette fenêtre et à `fixbench prune` jusqu'à ce que vous l'arrêtiez</translation>
    </message>
    <message>
        <source>%1 is kept (it was started with keep): it stays up until someone takes it down</source>
        <translation>%1 est conservée (démarrée avec keep) : elle reste en marche jusqu'à ce que quelqu'un l'arrête</translation>
    </message>
    <message>
        <source>%1 was started by another process (it decides when it goes down); this window never takes it down on close</source>
        <translation>%1 a été démarrée par un autre processus (il décide de son arrêt) ; cette fenêtre ne l'arrête jamais à la fermeture</translation>
    </message>
    <message>
        <source>Leave %1 up when this window closes. Its labels cannot change while it runs, so it is not a kept stack: once this window is gone, `fixbench prune` removes it. Restart it with Keep Alive on (while down) to make it permanent.</source>
        <translation>Laisser %1 en marche à la fermeture de cette fenêtre. Ses labels ne peuvent pas changer pendant qu'elle tourne, ce n'est donc pas une pile conservée : une fois cette fenêtre fermée, `fixbench prune` la supprime. Redémarrez-la avec « Garder en vie » activé (quand elle est arrêtée) pour la rendre permanente.</translation>
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
        <translation>Garder la dernière ligne visible (s'arrête quand vous remontez, reprend en bas)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Hold new lines back until resumed</source>
        <translation>Retenir les nouvelles lignes jusqu'à la reprise</translation>
    </message>
    <message>
        <source>&amp;Timestamps</source>
        <translation>&amp;Horodatage</translation>
    </message>
    <message>
        <source>Show when each line was written</source>
        <translation>Afficher l'heure de chaque ligne</translation>
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
        <translation>%1 a redémarré : rattaché</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>aucun résultat</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation><numerusform>%n ligne</numerusform><numerusform>%n lignes</numerusform></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d'écrire %1 : %2</translation>
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
        <translation><numerusform>en pause, %n ligne retenue</numerusform><numerusform>en pause, %n lignes retenues</numerusform></translation>
    </message>
    <message>
        <source>%1 lines skipped to keep up</source>
        <translation>%1 lignes sautées pour suivre le rythme</translation>
    </message>
    <message>
        <source>%1: following %2</source>
        <translation>%1 : suivi de %2</translation>
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
        <translation>Moteur : interrogation…</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>Pas d'espace de travail</translation>
    </message>
    <message>
        <source>Switch Workspace</source>
        <translation>Changer d'espace de travail</translation>
    </message>
    <message>
        <source>This window brought up fixtures that are still up: %1.
Take them down?</source>
        <translation>Cette fenêtre a démarré des fixtures toujours en marche : %1.
Les arrêter ?</translation>
    </message>
    <message>
        <source>fixbench — %1</source>
        <translation>fixbench — %1</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Espace de travail : %1</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Ouvrir un espace de travail</translation>
    </message>
    <message>
        <source>%1 is not a fixbench workspace:
%2</source>
        <translation>%1 n'est pas un espace de travail fixbench :
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
        <translation>Compose : introuvable</translation>
    </message>
    <message>
        <source>Compose: %1 (%2)</source>
        <translation>Compose : %1 (%2)</translation>
    </message>
    <message>
        <source>About fixbench</source>
        <translation>À propos de fixbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;fixbench %1&lt;/h3&gt;&lt;p&gt;A workbench for integration tests with real services: it brings docker compose fixtures up, waits until they are ready, hands their settings to tests and shows their logs.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;fixbench %1&lt;/h3&gt;&lt;p&gt;Un établi pour les tests d'intégration avec de vrais services : il démarre des fixtures docker compose, attend qu'elles soient prêtes, transmet leurs paramètres aux tests et affiche leurs journaux.&lt;/p&gt;</translation>
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
        <translation>Cette fenêtre a démarré des fixtures toujours en marche : %1.</translation>
    </message>
    <message>
        <source>Take them down now? If you leave them up, they are not kept: `fixbench prune` removes them once this window is gone.</source>
        <translation>Les arrêter maintenant ? Si vous les laissez en marche, elles ne sont pas conservées : `fixbench prune` les supprime une fois cette fenêtre fermée.</translation>
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
</context>
<context>
    <name>main</name>
    <message>
        <source>The fixbench workbench: fixtures, their logs and environment, in one window.</source>
        <translation>L'établi fixbench{NB}: les fixtures, leurs journaux et leur environnement, dans une seule fenêtre.</translation>
    </message>
    <message>
        <source>Workspace folder (holding fixbench.yml).</source>
        <translation>Dossier de l’espace de travail (contenant fixbench.yml).</translation>
    </message>
    <message>
        <source>User interface language: %1 (default: the system's).</source>
        <translation>Langue de l'interface : %1 (par défaut : celle du système).</translation>
    </message>
    <message>
        <source>Bring this fixture up once the window is open (repeatable).</source>
        <translation>Démarrer cette fixture une fois la fenêtre ouverte (répétable).</translation>
    </message>
</context>
</TS>
