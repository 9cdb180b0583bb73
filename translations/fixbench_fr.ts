<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>Cli</name>
    <message>
        <source>Usage: fixbench [-w DIR] COMMAND [options]

Brings docker compose fixtures up for integration tests, waits until they are
ready and hands their connection settings to tests.

Commands:
</source>
        <translation>Utilisation&#xa0;: fixbench [-w DIR] COMMAND [options]

Démarre des fixtures docker compose pour les tests d&apos;intégration, attend
qu&apos;elles soient prêtes et transmet leurs paramètres de connexion aux tests.

Commandes&#xa0;:
</translation>
    </message>
    <message>
        <source>
Global options:
  -w, --workspace DIR       workspace root (default: $FIXBENCH_WORKSPACE, or the
                            nearest folder upwards holding fixbench.yml)
  -h, --help                help; `fixbench COMMAND --help` for a command
  -v, --version             version

</source>
        <translation>
Options globales&#xa0;:
  -w, --workspace DIR       racine de l&apos;espace de travail (par défaut&#xa0;:
                            $FIXBENCH_WORKSPACE, sinon le plus proche dossier parent
                            contenant fixbench.yml)
  -h, --help                aide&#xa0;; `fixbench COMMAND --help` pour une commande
  -v, --version             version

</translation>
    </message>
    <message>
        <source>fixbench: %1 needs a folder</source>
        <translation>fixbench: %1 demande un dossier</translation>
    </message>
    <message>
        <source>fixbench: unknown option %1 (options go after the command)
Try `fixbench --help`.</source>
        <translation>fixbench: option inconnue %1 (les options viennent après la commande)
Essayez `fixbench --help`.</translation>
    </message>
    <message>
        <source>fixbench: unknown command `%1`
Try `fixbench --help`.</source>
        <translation>fixbench: commande inconnue `%1`
Essayez `fixbench --help`.</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>échec de %1</translation>
    </message>
    <message>
        <source>%1 down</source>
        <translation>%1 arrêtée</translation>
    </message>
    <message>
        <source>Instance name, to run several copies of one fixture.</source>
        <translation>Nom de l&apos;instance, pour lancer plusieurs copies d&apos;une même fixture.</translation>
    </message>
    <message>
        <source>fixbench %1: %2
Try `fixbench %1 --help`.</source>
        <translation>fixbench %1: %2
Essayez `fixbench %1 --help`.</translation>
    </message>
    <message>
        <source>Checks what fixbench needs: engine, API version, compose, base image.</source>
        <translation>Vérifie ce dont fixbench a besoin&#xa0;: moteur, version de l&apos;API, compose, image de base.</translation>
    </message>
    <message>
        <source>engine</source>
        <translation>moteur</translation>
    </message>
    <message>
        <source>engine version</source>
        <translation>version du moteur</translation>
    </message>
    <message>
        <source>%1 (API %2, speaking %3)</source>
        <translation>%1 (API %2, dialogue en %3)</translation>
    </message>
    <message>
        <source>base image</source>
        <translation>image de base</translation>
    </message>
    <message>
        <source>debian:bookworm-slim is missing: run scripts/setup.sh</source>
        <translation>debian:bookworm-slim est absente&#xa0;: lancez scripts/setup.sh</translation>
    </message>
    <message>
        <source>leftovers</source>
        <translation>restes</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%1 stack(s) whose owner died: run `fixbench prune`</source>
        <translation>%1 pile(s) dont le propriétaire a disparu&#xa0;: lancez `fixbench prune`</translation>
    </message>
    <message>
        <source>compose</source>
        <translation>compose</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>espace de travail</translation>
    </message>
    <message>
        <source>%1 (%2 fixtures) at %3</source>
        <translation>%1 (%2 fixtures) dans %3</translation>
    </message>
    <message>
        <source>fixture %1</source>
        <translation>fixture %1</translation>
    </message>
    <message>
        <source>Runs the `stopping` hook, then removes containers, networks and volumes of fixtures.</source>
        <translation>Lance le hook `stopping`, puis supprime les conteneurs, réseaux et volumes des fixtures.</translation>
    </message>
    <message>
        <source>Fixtures to take down.</source>
        <translation>Fixtures à arrêter.</translation>
    </message>
    <message>
        <source>Every fixture of this workspace, every instance, kept or not.</source>
        <translation>Toutes les fixtures de cet espace de travail, toutes instances, conservées ou non.</translation>
    </message>
    <message>
        <source>fixbench down: name fixtures or use --all (not both)</source>
        <translation>fixbench down: nommez des fixtures ou utilisez --all (pas les deux)</translation>
    </message>
    <message>
        <source>%1 is not up</source>
        <translation>%1 n&apos;est pas démarrée</translation>
    </message>
    <message>
        <source>%1: down failed</source>
        <translation>%1&#xa0;: l&apos;arrêt a échoué</translation>
    </message>
    <message>
        <source>A running fixture.</source>
        <translation>Une fixture en marche.</translation>
    </message>
    <message>
        <source>JSON output: name → {value, secret, source}.</source>
        <translation>Sortie JSON&#xa0;: nom → {value, secret, source}.</translation>
    </message>
    <message>
        <source>list folders (default /): names; -l like `ls -l` (times in UTC); --json</source>
        <translation>lister des dossiers (par défaut /)&#xa0;: noms&#xa0;; -l comme `ls -l` (heures en UTC)&#xa0;; --json</translation>
    </message>
    <message>
        <source>download a file (to LOCAL, a folder, or stdout with -)</source>
        <translation>télécharger un fichier (vers LOCAL, un dossier, ou la sortie standard avec -)</translation>
    </message>
    <message>
        <source>upload a file (- = stdin); REMOTE ending in / keeps the name</source>
        <translation>envoyer un fichier (- = entrée standard)&#xa0;; un REMOTE finissant par / garde le nom</translation>
    </message>
    <message>
        <source>delete files</source>
        <translation>supprimer des fichiers</translation>
    </message>
    <message>
        <source>create folders (-p: with parents, no error if they exist)</source>
        <translation>créer des dossiers (-p&#xa0;: avec les parents, sans erreur s&apos;ils existent)</translation>
    </message>
    <message>
        <source>remove folders (-r: with everything inside)</source>
        <translation>supprimer des dossiers (-r&#xa0;: avec tout leur contenu)</translation>
    </message>
    <message>
        <source>rename or move</source>
        <translation>renommer ou déplacer</translation>
    </message>
    <message>
        <source>empty folder trees, keeping the folders themselves</source>
        <translation>vider des arborescences de dossiers, en gardant les dossiers eux-mêmes</translation>
    </message>
    <message>
        <source>Usage: fixbench ftp COMMAND [--fixture NAME [--instance I] | --url URL] ARGS

Browses and changes an FTP server: a running fixture&apos;s (FTP_HOST, FTP_PORT,
FTP_USER, FTP_PASS) or any server given by URL (ftp://user:pass@host:port/,
ftps:// for explicit TLS). Without --fixture or --url: the one running fixture
of the workspace that exports FTP_HOST. One login serves the whole command.
Put `--` before remote paths that start with &apos;-&apos;.

Commands:
</source>
        <translation>Utilisation&#xa0;: fixbench ftp COMMAND [--fixture NAME [--instance I] | --url URL] ARGS

Parcourt et modifie un serveur FTP&#xa0;: celui d&apos;une fixture en marche (FTP_HOST,
FTP_PORT, FTP_USER, FTP_PASS) ou tout serveur donné par URL
(ftp://user:pass@host:port/, ftps:// pour le TLS explicite). Sans --fixture ni
--url&#xa0;: la seule fixture en marche de l&apos;espace de travail qui exporte FTP_HOST.
Une seule connexion sert toute la commande.
Mettez `--` devant les chemins distants qui commencent par &apos;-&apos;.

Commandes&#xa0;:
</translation>
    </message>
    <message>
        <source>
`fixbench ftp COMMAND --help` for a command&apos;s options.
</source>
        <translation>
`fixbench ftp COMMAND --help` pour les options d&apos;une commande.
</translation>
    </message>
    <message>
        <source>fixbench ftp: unknown command `%1`
</source>
        <translation>fixbench ftp: commande inconnue `%1`
</translation>
    </message>
    <message>
        <source>fixbench ftp %1 %2: %3.</source>
        <translation>fixbench ftp %1 %2&#xa0;: %3.</translation>
    </message>
    <message>
        <source>A running fixture whose FTP_* variables to use.</source>
        <translation>Une fixture en marche dont utiliser les variables FTP_*.</translation>
    </message>
    <message>
        <source>ftp://user:password@host:port/ (ftps:// for explicit TLS) instead of a fixture.</source>
        <translation>ftp://user:password@host:port/ (ftps:// pour le TLS explicite) au lieu d&apos;une fixture.</translation>
    </message>
    <message>
        <source>Fail when an operation makes no progress for this long (default 60).</source>
        <translation>Échouer quand une opération ne progresse plus pendant cette durée (60 par défaut).</translation>
    </message>
    <message>
        <source>With ftps://: do not verify the server&apos;s certificate.</source>
        <translation>Avec ftps://&#xa0;: ne pas vérifier le certificat du serveur.</translation>
    </message>
    <message>
        <source>Long format: type and permissions, owner, group, size, time (UTC), name.</source>
        <translation>Format long&#xa0;: type et permissions, propriétaire, groupe, taille, heure (UTC), nom.</translation>
    </message>
    <message>
        <source>JSON: an array of entries (an object path → entries for several paths).</source>
        <translation>JSON&#xa0;: un tableau d&apos;entrées (un objet chemin → entrées pour plusieurs chemins).</translation>
    </message>
    <message>
        <source>Folders to list (default /).</source>
        <translation>Dossiers à lister (par défaut /).</translation>
    </message>
    <message>
        <source>The file to download.</source>
        <translation>Le fichier à télécharger.</translation>
    </message>
    <message>
        <source>A file, an existing folder (keeps the name), or - for stdout. Default: the remote name in the current folder.</source>
        <translation>Un fichier, un dossier existant (garde le nom), ou - pour la sortie standard. Par défaut&#xa0;: le nom distant dans le dossier courant.</translation>
    </message>
    <message>
        <source>Upload to a temporary name, then rename: readers never see a partial file.</source>
        <translation>Envoyer sous un nom temporaire, puis renommer&#xa0;: les lecteurs ne voient jamais un fichier partiel.</translation>
    </message>
    <message>
        <source>Create missing remote folders.</source>
        <translation>Créer les dossiers distants manquants.</translation>
    </message>
    <message>
        <source>The file to upload, or - for stdin.</source>
        <translation>Le fichier à envoyer, ou - pour l&apos;entrée standard.</translation>
    </message>
    <message>
        <source>The remote path; ending in / keeps the local name.</source>
        <translation>Le chemin distant&#xa0;; s&apos;il finit par /, le nom local est gardé.</translation>
    </message>
    <message>
        <source>Create parents; no error when it exists.</source>
        <translation>Créer les parents&#xa0;; pas d&apos;erreur si le dossier existe.</translation>
    </message>
    <message>
        <source>Folders to create.</source>
        <translation>Dossiers à créer.</translation>
    </message>
    <message>
        <source>Remove everything inside too.</source>
        <translation>Supprimer aussi tout le contenu.</translation>
    </message>
    <message>
        <source>Folders to remove.</source>
        <translation>Dossiers à supprimer.</translation>
    </message>
    <message>
        <source>The current path.</source>
        <translation>Le chemin actuel.</translation>
    </message>
    <message>
        <source>The new path.</source>
        <translation>Le nouveau chemin.</translation>
    </message>
    <message>
        <source>Folders to empty (they stay).</source>
        <translation>Dossiers à vider (ils restent).</translation>
    </message>
    <message>
        <source>Files to delete.</source>
        <translation>Fichiers à supprimer.</translation>
    </message>
    <message>
        <source>fixbench ftp %1: %2
Usage: fixbench ftp %1 %3</source>
        <translation>fixbench ftp %1: %2
Utilisation&#xa0;: fixbench ftp %1 %3</translation>
    </message>
    <message>
        <source>name the remote file, and optionally where to put it</source>
        <translation>nommez le fichier distant et, si vous voulez, où le mettre</translation>
    </message>
    <message>
        <source>name the local file and the remote path</source>
        <translation>nommez le fichier local et le chemin distant</translation>
    </message>
    <message>
        <source>name FROM and TO</source>
        <translation>nommez FROM et TO</translation>
    </message>
    <message>
        <source>name at least one path</source>
        <translation>nommez au moins un chemin</translation>
    </message>
    <message>
        <source>--fixture and --url exclude each other</source>
        <translation>--fixture et --url s&apos;excluent mutuellement</translation>
    </message>
    <message>
        <source>no running fixture of %1 exports FTP_HOST; bring one up (`fixbench up ftp_server --keep`) or name a server with --url ftp://user:pass@host:port/</source>
        <translation>aucune fixture en marche de %1 n&apos;exporte FTP_HOST&#xa0;; démarrez-en une (`fixbench up ftp_server --keep`) ou indiquez un serveur avec --url ftp://user:pass@host:port/</translation>
    </message>
    <message>
        <source>several running fixtures export FTP_HOST (%1); choose one with --fixture NAME [--instance I]</source>
        <translation>plusieurs fixtures en marche exportent FTP_HOST (%1)&#xa0;; choisissez-en une avec --fixture NAME [--instance I]</translation>
    </message>
    <message>
        <source>fixture `%1`: %2</source>
        <translation>fixture `%1`&#xa0;: %2</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds</source>
        <translation>--timeout demande un nombre de secondes</translation>
    </message>
    <message>
        <source>fixbench ftp ls %1: %2</source>
        <translation>fixbench ftp ls %1: %2</translation>
    </message>
    <message>
        <source>cannot write to stdout</source>
        <translation>impossible d&apos;écrire sur la sortie standard</translation>
    </message>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2 (%3)</translation>
    </message>
    <message>
        <source>with - (stdin), name the remote file, not a folder</source>
        <translation>avec - (entrée standard), nommez le fichier distant, pas un dossier</translation>
    </message>
    <message>
        <source>cannot read stdin</source>
        <translation>impossible de lire l&apos;entrée standard</translation>
    </message>
    <message>
        <source>%1: no such local file</source>
        <translation>%1&#xa0;: fichier local introuvable</translation>
    </message>
    <message>
        <source>fixbench ftp %1: interrupted</source>
        <translation>fixbench ftp %1: interrompu</translation>
    </message>
    <message>
        <source>Runs one hook of a running fixture now, with its environment.</source>
        <translation>Lance maintenant un hook d&apos;une fixture en marche, avec son environnement.</translation>
    </message>
    <message>
        <source>started, setup_data, teardown_data or stopping.</source>
        <translation>started, setup_data, teardown_data ou stopping.</translation>
    </message>
    <message>
        <source>fixbench hook: NAME EVENT</source>
        <translation>fixbench hook: NAME EVENT</translation>
    </message>
    <message>
        <source>Makes a folder a fixbench workspace: writes a commented fixbench.yml (the name, `fixtures: fixtures`, an empty list of tests) and creates the fixtures/ folder. Then add fixtures with `fixbench new NAME --template T`.
An existing fixbench.yml is left untouched: that is an error (exit code 1).</source>
        <translation>Fait d&apos;un dossier un espace de travail fixbench&#xa0;: écrit un fixbench.yml commenté (le nom, `fixtures: fixtures`, une liste de tests vide) et crée le dossier fixtures/. Ajoutez ensuite des fixtures avec `fixbench new NAME --template T`.
Un fixbench.yml existant n&apos;est pas modifié&#xa0;: c&apos;est une erreur (code de sortie 1).</translation>
    </message>
    <message>
        <source>The project&apos;s root folder (default: -w DIR, else the current folder); created when missing.</source>
        <translation>Le dossier racine du projet (par défaut&#xa0;: -w DIR, sinon le dossier courant)&#xa0;; créé s&apos;il n&apos;existe pas.</translation>
    </message>
    <message>
        <source>The workspace&apos;s name (default: the folder&apos;s name).</source>
        <translation>Le nom de l&apos;espace de travail (par défaut&#xa0;: le nom du dossier).</translation>
    </message>
    <message>
        <source>fixbench init: name at most one folder
Try `fixbench init --help`.</source>
        <translation>fixbench init: nommez au plus un dossier
Essayez `fixbench init --help`.</translation>
    </message>
    <message>
        <source>created %1 (workspace `%2`) and the folder %3
Next: fixbench new NAME --template T  (the templates: fixbench new --list-templates)</source>
        <translation>%1 créé (espace de travail `%2`) ainsi que le dossier %3
Ensuite&#xa0;: fixbench new NAME --template T  (les modèles&#xa0;: fixbench new --list-templates)</translation>
    </message>
    <message>
        <source>Keeps running fixtures up: whoever started them leaves them up when it ends, and prune leaves them alone, until `fixbench down`. Works on fixtures started by anyone, at any time.</source>
        <translation>Garde des fixtures en marche&#xa0;: celui qui les a démarrées les laisse en marche quand il se termine, et prune n&apos;y touche pas, jusqu&apos;à `fixbench down`. Fonctionne sur des fixtures démarrées par n&apos;importe qui, à tout moment.</translation>
    </message>
    <message>
        <source>Stop keeping it: its owner (or `fixbench prune` once the owner is gone) takes it down.</source>
        <translation>Ne plus la conserver&#xa0;: son propriétaire (ou `fixbench prune` une fois le propriétaire disparu) l&apos;arrête.</translation>
    </message>
    <message>
        <source>fixbench keep: name at least one fixture</source>
        <translation>fixbench keep: nommez au moins une fixture</translation>
    </message>
    <message>
        <source>%1 is kept: it stays up until `fixbench down %1`</source>
        <translation>%1 est conservée&#xa0;: elle reste démarrée jusqu&apos;à `fixbench down %1`</translation>
    </message>
    <message>
        <source>%1 is no longer kept</source>
        <translation>%1 n&apos;est plus conservée</translation>
    </message>
    <message>
        <source>Lists the fixtures of the workspace, with their state.</source>
        <translation>Liste les fixtures de l&apos;espace de travail, avec leur état.</translation>
    </message>
    <message>
        <source>JSON output.</source>
        <translation>Sortie JSON.</translation>
    </message>
    <message>
        <source>FIXTURE</source>
        <translation>FIXTURE</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>ÉTAT</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>DESCRIPTION</translation>
    </message>
    <message>
        <source>fixbench: states unknown: %1</source>
        <translation>fixbench: états inconnus&#xa0;: %1</translation>
    </message>
    <message>
        <source>Prints the logs of a fixture&apos;s containers, `service | line`.</source>
        <translation>Affiche les journaux des conteneurs d&apos;une fixture, `service | ligne`.</translation>
    </message>
    <message>
        <source>Only this service.</source>
        <translation>Seulement ce service.</translation>
    </message>
    <message>
        <source>Keep streaming until Ctrl-C or until the fixture is taken down; a restarted or recreated container is followed again.</source>
        <translation>Continuer à suivre jusqu&apos;à Ctrl-C ou jusqu&apos;à l&apos;arrêt de la fixture&#xa0;; un conteneur redémarré ou recréé est suivi à nouveau.</translation>
    </message>
    <message>
        <source>Only the last N lines of each container.</source>
        <translation>Seulement les N dernières lignes de chaque conteneur.</translation>
    </message>
    <message>
        <source>Prefix lines with their timestamp.</source>
        <translation>Préfixer les lignes par leur horodatage.</translation>
    </message>
    <message>
        <source>fixbench logs: NAME [SERVICE]</source>
        <translation>fixbench logs: NAME [SERVICE]</translation>
    </message>
    <message>
        <source>fixture `%1` is not up</source>
        <translation>la fixture `%1` n&apos;est pas démarrée</translation>
    </message>
    <message>
        <source>fixture `%1` has no service `%2`; it has: %3</source>
        <translation>la fixture `%1` n&apos;a pas de service `%2`&#xa0;; elle a&#xa0;: %3</translation>
    </message>
    <message>
        <source>fixbench logs: --tail needs a number</source>
        <translation>fixbench logs: --tail demande un nombre</translation>
    </message>
    <message>
        <source>none (in %1)</source>
        <translation>aucun (dans %1)</translation>
    </message>
    <message>
        <source>(in %1):
%2</source>
        <translation>(dans %1)&#xa0;:
%2</translation>
    </message>
    <message>
        <source>no templates in %1: a template is a folder holding a fixture.yml</source>
        <translation>aucun modèle dans %1&#xa0;: un modèle est un dossier contenant un fixture.yml</translation>
    </message>
    <message>
        <source>fixbench new: name exactly one fixture
Try `fixbench new --help`.</source>
        <translation>fixbench new: nommez exactement une fixture
Essayez `fixbench new --help`.</translation>
    </message>
    <message>
        <source>fixbench new: `%1` is not a valid fixture name (lower-case letters, digits, &apos;_&apos; and &apos;-&apos;, starting with a letter)</source>
        <translation>fixbench new: `%1` n&apos;est pas un nom de fixture valide (lettres minuscules, chiffres, &apos;_&apos; et &apos;-&apos;, en commençant par une lettre)</translation>
    </message>
    <message>
        <source>fixbench new: no template `%1`; available templates: %2
%3
Try `fixbench new --list-templates`.</source>
        <translation>fixbench new: pas de modèle `%1`&#xa0;; modèles disponibles&#xa0;: %2
%3
Essayez `fixbench new --list-templates`.</translation>
    </message>
    <message>
        <source>Adds a fixture to the workspace: copies a template (fixture.yml, compose.yaml, Dockerfile, scripts) into the fixtures folder as NAME, replacing %1 in its files by NAME. Refuses an existing folder (exit code 1).

Templates %2</source>
        <translation>Ajoute une fixture à l&apos;espace de travail&#xa0;: copie un modèle (fixture.yml, compose.yaml, Dockerfile, scripts) dans le dossier des fixtures sous le nom NAME, en remplaçant %1 par NAME dans ses fichiers. Refuse un dossier existant (code de sortie 1).

Modèles %2</translation>
    </message>
    <message>
        <source>Fixture name: a new folder under the workspace&apos;s fixtures folder (lower-case letters, digits, &apos;_&apos; and &apos;-&apos;, starting with a letter).</source>
        <translation>Nom de la fixture&#xa0;: un nouveau dossier dans le dossier des fixtures de l&apos;espace de travail (lettres minuscules, chiffres, &apos;_&apos; et &apos;-&apos;, en commençant par une lettre).</translation>
    </message>
    <message>
        <source>The template to copy (default: %1).</source>
        <translation>Le modèle à copier (par défaut&#xa0;: %1).</translation>
    </message>
    <message>
        <source>List the templates and what they provide, then exit.</source>
        <translation>Lister les modèles et ce qu&apos;ils fournissent, puis quitter.</translation>
    </message>
    <message>
        <source>. `fixbench new` adds a fixture to a workspace: create one first with `fixbench init` in your project&apos;s root folder (or `fixbench init DIR`), then run `fixbench new` there</source>
        <translation>. `fixbench new` ajoute une fixture à un espace de travail&#xa0;: créez-en d&apos;abord un avec `fixbench init` dans le dossier racine de votre projet (ou `fixbench init DIR`), puis lancez `fixbench new` depuis ce dossier</translation>
    </message>
    <message>
        <source>created %1 from template `%2`: %3
Try: fixbench up %4</source>
        <translation>%1 créé à partir du modèle `%2`&#xa0;: %3
Essayez&#xa0;: fixbench up %4</translation>
    </message>
    <message>
        <source>Removes the containers, networks and volumes of fixbench stacks (any workspace) whose owner process is gone and that are not kept.</source>
        <translation>Supprime les conteneurs, réseaux et volumes des piles fixbench (de tout espace de travail) dont le processus propriétaire a disparu et qui ne sont pas conservées.</translation>
    </message>
    <message>
        <source>fixbench run: --%1 needs a whole number &gt;= %2</source>
        <translation>fixbench run: --%1 demande un nombre entier &gt;= %2</translation>
    </message>
    <message>
        <source>fixbench run: --timeout needs a number of seconds (0 = never)</source>
        <translation>fixbench run: --timeout demande un nombre de secondes (0 = jamais)</translation>
    </message>
    <message>
        <source>fixbench run: use --filter or --failed, not both</source>
        <translation>fixbench run: utilisez --filter ou --failed, pas les deux</translation>
    </message>
    <message>
        <source>Runs GoogleTest binaries with their fixtures: brings up (or attaches to) the fixtures each one needs, runs their setup_data hooks, injects their environment, prints a line per test and a summary, and takes down what it started (unless --keep). Exits 1 when a test failed, crashed or timed out; Ctrl-C stops the tests and tears down (exit 130).</source>
        <translation>Exécute des binaires GoogleTest avec leurs fixtures&#xa0;: démarre les fixtures dont chacun a besoin (ou s&apos;y rattache), lance leurs hooks setup_data, injecte leur environnement, affiche une ligne par test et un bilan, et arrête ce qu&apos;il a démarré (sauf avec --keep). Sort avec le code 1 quand un test a échoué, planté ou dépassé le délai&#xa0;; Ctrl-C arrête les tests et démonte tout (code 130).</translation>
    </message>
    <message>
        <source>Test binaries: names from fixbench.yml `tests:` or paths to executables. Default: every test fixbench.yml lists.</source>
        <translation>Binaires de test&#xa0;: des noms de `tests:` dans fixbench.yml ou des chemins d&apos;exécutables. Par défaut&#xa0;: tous les tests que liste fixbench.yml.</translation>
    </message>
    <message>
        <source>Only tests matching this gtest filter (e.g. &apos;Ftp*:-*Slow*&apos;).</source>
        <translation>Seulement les tests correspondant à ce filtre gtest (par ex. &apos;Ftp*:-*Slow*&apos;).</translation>
    </message>
    <message>
        <source>Only the tests that failed, crashed or timed out in the previous `fixbench run` of this workspace.</source>
        <translation>Seulement les tests qui ont échoué, planté ou dépassé le délai lors du précédent `fixbench run` de cet espace de travail.</translation>
    </message>
    <message>
        <source>Run each test N times.</source>
        <translation>Exécuter chaque test N fois.</translation>
    </message>
    <message>
        <source>Shuffle the order of tests (the seed is printed).</source>
        <translation>Mélanger l&apos;ordre des tests (la graine est affichée).</translation>
    </message>
    <message>
        <source>Seed for --shuffle.</source>
        <translation>Graine pour --shuffle.</translation>
    </message>
    <message>
        <source>Also run DISABLED_ tests.</source>
        <translation>Exécuter aussi les tests DISABLED_.</translation>
    </message>
    <message>
        <source>Kill a test (and everything it started) that runs longer than this; it is reported as timed out. Default 1500 (as CTest); 0 = never.</source>
        <translation>Tuer un test (et tout ce qu&apos;il a lancé) qui dure plus que ce délai&#xa0;; il est signalé comme ayant dépassé le délai. Par défaut 1500 (comme CTest)&#xa0;; 0 = jamais.</translation>
    </message>
    <message>
        <source>Run up to N binaries in parallel (default 1).</source>
        <translation>Exécuter jusqu&apos;à N binaires en parallèle (1 par défaut).</translation>
    </message>
    <message>
        <source>Write JUnit XML results (Jenkins, GitLab) to FILE.</source>
        <translation>Écrire les résultats en JUnit XML (Jenkins, GitLab) dans FILE.</translation>
    </message>
    <message>
        <source>Write JSON results to FILE.</source>
        <translation>Écrire les résultats en JSON dans FILE.</translation>
    </message>
    <message>
        <source>Leave the fixtures this run started up afterwards (also: keep_up in fixture.yml).</source>
        <translation>Laisser en marche ensuite les fixtures que cette exécution a démarrées (aussi&#xa0;: keep_up dans fixture.yml).</translation>
    </message>
    <message>
        <source>Set a variable for the tests; wins over fixtures. Repeatable.</source>
        <translation>Définir une variable pour les tests&#xa0;; elle l&apos;emporte sur les fixtures. Répétable.</translation>
    </message>
    <message>
        <source>Also bring up this fixture for every binary (e.g. for a binary given by path). Repeatable.</source>
        <translation>Démarrer aussi cette fixture pour chaque binaire (par ex. pour un binaire donné par son chemin). Répétable.</translation>
    </message>
    <message>
        <source>fixbench run: %1 lists no tests; add them under `tests:` or name binaries on the command line</source>
        <translation>fixbench run: %1 ne liste aucun test&#xa0;; ajoutez-les sous `tests:` ou nommez des binaires sur la ligne de commande</translation>
    </message>
    <message>
        <source>test binary `%1`: %2 does not exist; build it first%3</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;existe pas&#xa0;; compilez-le d&apos;abord%3</translation>
    </message>
    <message>
        <source> (listed at %1)</source>
        <translation> (listé à %1)</translation>
    </message>
    <message>
        <source>test binary `%1`: %2 is not executable</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;est pas exécutable</translation>
    </message>
    <message>
        <source>no previous `fixbench run` recorded for this workspace (%1)</source>
        <translation>aucun `fixbench run` précédent enregistré pour cet espace de travail (%1)</translation>
    </message>
    <message>
        <source>nothing failed last time</source>
        <translation>rien n&apos;a échoué la dernière fois</translation>
    </message>
    <message>
        <source>%1 (%2 tests, %3)</source>
        <translation>%1 (%2 tests, %3)</translation>
    </message>
    <message>
        <source>[%1] shuffled with seed %2 (repeat the order with --seed %2)</source>
        <translation>[%1] mélangé avec la graine %2 (répétez l&apos;ordre avec --seed %2)</translation>
    </message>
    <message>
        <source>%1 test binary(ies) had errors (see above)</source>
        <translation>%1 binaire(s) de test en erreur (voir ci-dessus)</translation>
    </message>
    <message>
        <source>stale: files changed since it started, restart it</source>
        <translation>périmée&#xa0;: ses fichiers ont changé depuis son démarrage, redémarrez-la</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservée</translation>
    </message>
    <message>
        <source>owner pid %1</source>
        <translation>propriétaire&#xa0;: pid %1</translation>
    </message>
    <message>
        <source>owner gone</source>
        <translation>propriétaire disparu</translation>
    </message>
    <message>
        <source>not in this workspace any more</source>
        <translation>plus dans cet espace de travail</translation>
    </message>
    <message>
        <source>Also list fixtures that are down.</source>
        <translation>Lister aussi les fixtures arrêtées.</translation>
    </message>
    <message>
        <source>no fixture of %1 is up</source>
        <translation>aucune fixture de %1 n&apos;est démarrée</translation>
    </message>
    <message>
        <source>Brings fixtures up (or attaches to them when already up), waits until every readiness probe passes, runs their `started` hook and prints their environment.</source>
        <translation>Démarre des fixtures (ou s&apos;y rattache si elles le sont déjà), attend que chaque sonde de disponibilité réussisse, lance leur hook `started` et affiche leur environnement.</translation>
    </message>
    <message>
        <source>Fixtures to bring up.</source>
        <translation>Fixtures à démarrer.</translation>
    </message>
    <message>
        <source>Leave the fixtures up when this command ends (also: keep_up in fixture.yml). Without it, `up` stays in the foreground and takes down what it started on Ctrl-C.</source>
        <translation>Laisser les fixtures en marche à la fin de cette commande (aussi&#xa0;: keep_up dans fixture.yml). Sans cette option, `up` reste au premier plan et arrête ce qu&apos;il a démarré sur Ctrl-C.</translation>
    </message>
    <message>
        <source>Readiness timeout in seconds (default: the fixture&apos;s).</source>
        <translation>Délai de disponibilité en secondes (par défaut&#xa0;: celui de la fixture).</translation>
    </message>
    <message>
        <source>Do not take a fixture down when it fails to get ready.</source>
        <translation>Ne pas arrêter une fixture qui n&apos;arrive pas à être prête.</translation>
    </message>
    <message>
        <source>Print secret values too.</source>
        <translation>Afficher aussi les valeurs secrètes.</translation>
    </message>
    <message>
        <source>Print the result as JSON (machine interface schema %1, docs/machine-interface.md), errors too.</source>
        <translation>Afficher le résultat en JSON (interface machine, schéma %1, docs/machine-interface.md), erreurs comprises.</translation>
    </message>
    <message>
        <source>Hold what this command started until its standard input closes (the parent process ended, however it ended), then take it down. With --json the answer is one line. Used by the in-test client.</source>
        <translation>Garder ce que cette commande a démarré jusqu&apos;à la fermeture de son entrée standard (le processus parent s&apos;est terminé, quelle qu&apos;en soit la manière), puis l&apos;arrêter. Avec --json la réponse tient sur une ligne. Utilisé par le client de test.</translation>
    </message>
    <message>
        <source>fixbench up: name at least one fixture
Try `fixbench list`.</source>
        <translation>fixbench up: nommez au moins une fixture
Essayez `fixbench list`.</translation>
    </message>
    <message>
        <source>%1 (project %2)%3</source>
        <translation>%1 (projet %2)%3</translation>
    </message>
    <message>
        <source>, kept</source>
        <translation>, conservée</translation>
    </message>
    <message>
        <source>The fixtures were taken down elsewhere.</source>
        <translation>Les fixtures ont été arrêtées ailleurs.</translation>
    </message>
    <message>
        <source>fixtures of the workspace and their state</source>
        <translation>les fixtures de l&apos;espace de travail et leur état</translation>
    </message>
    <message>
        <source>bring fixtures up (or attach), wait until ready</source>
        <translation>démarrer des fixtures (ou s&apos;y rattacher), attendre qu&apos;elles soient prêtes</translation>
    </message>
    <message>
        <source>take fixtures down</source>
        <translation>arrêter des fixtures</translation>
    </message>
    <message>
        <source>running fixtures: state, services, ports, owner</source>
        <translation>fixtures en marche&#xa0;: état, services, ports, propriétaire</translation>
    </message>
    <message>
        <source>container logs</source>
        <translation>journaux des conteneurs</translation>
    </message>
    <message>
        <source>run a hook (started, setup_data, ...) now</source>
        <translation>lancer un hook (started, setup_data, ...) maintenant</translation>
    </message>
    <message>
        <source>keep a running fixture up (or stop keeping it)</source>
        <translation>garder une fixture en marche (ou ne plus la garder)</translation>
    </message>
    <message>
        <source>browse and change a fixture&apos;s FTP server</source>
        <translation>parcourir et modifier le serveur FTP d&apos;une fixture</translation>
    </message>
    <message>
        <source>run test binaries with their fixtures (live, JUnit/JSON)</source>
        <translation>exécuter des binaires de test avec leurs fixtures (en direct, JUnit/JSON)</translation>
    </message>
    <message>
        <source>check engine, compose and base image</source>
        <translation>vérifier le moteur, compose et l&apos;image de base</translation>
    </message>
    <message>
        <source>make DIR (default: here) a workspace: fixbench.yml, fixtures/</source>
        <translation>faire de DIR (par défaut&#xa0;: ici) un espace de travail&#xa0;: fixbench.yml, fixtures/</translation>
    </message>
    <message>
        <source>add a fixture from a template (ftp, postgres, redis, http, generic); --list-templates lists them</source>
        <translation>ajouter une fixture à partir d&apos;un modèle (ftp, postgres, redis, http, generic)&#xa0;; --list-templates les liste</translation>
    </message>
    <message>
        <source>Exit codes:
  0    success
  1    the operation failed (compose, a hook, a probe, ...)
  2    bad command line
  3    invalid fixbench.yml or fixture.yml
  4    Docker engine not reachable
  5    a fixture did not get ready in time, or an FTP operation timed out
  6    a port is already in use or could not be allocated
  7    no such fixture, or the fixture is not up, or no such remote path (ftp)
  8    credentials refused (ftp: wrong user or password)
  9    connection refused, unreachable or reset (ftp)
  130  interrupted (Ctrl-C); what was started is taken down
</source>
        <translation>Codes de sortie&#xa0;:
  0    succès
  1    l&apos;opération a échoué (compose, un hook, une sonde, ...)
  2    ligne de commande incorrecte
  3    fixbench.yml ou fixture.yml invalide
  4    moteur Docker injoignable
  5    une fixture pas prête à temps, ou une opération FTP hors délai
  6    un port est déjà utilisé ou n&apos;a pas pu être alloué
  7    fixture inconnue ou non démarrée, ou chemin distant inexistant (ftp)
  8    identifiants refusés (ftp&#xa0;: mauvais utilisateur ou mot de passe)
  9    connexion refusée, impossible ou réinitialisée (ftp)
  130  interrompu (Ctrl-C)&#xa0;; ce qui a été démarré est arrêté
</translation>
    </message>
    <message>
        <source>Takes down every fixture stack that is not kept and that no process has used for its linger (fixture.yml `linger:`), also when the processes that used it were killed. fixbench starts one in the background when needed (`fixbench status` shows it); it exits once nothing is left to watch. Only one runs per user and engine.</source>
        <translation>Arrête toute pile de fixtures non conservée qu&apos;aucun processus n&apos;a utilisée pendant son délai de grâce (`linger:` dans fixture.yml), y compris quand les processus qui l&apos;utilisaient ont été tués. fixbench démarre ce faucheur (reaper) en arrière-plan si nécessaire (`fixbench status` l&apos;affiche)&#xa0;; il se termine dès qu&apos;il ne reste plus rien à surveiller. Un seul tourne par utilisateur et par moteur.</translation>
    </message>
    <message>
        <source>Leave the caller&apos;s session and process group first (how fixbench starts it).</source>
        <translation>Quitter d&apos;abord la session et le groupe de processus de l&apos;appelant (c&apos;est ainsi que fixbench le démarre).</translation>
    </message>
    <message>
        <source>fixbench: a reaper already runs (pid %1)</source>
        <translation>fixbench: un faucheur (reaper) tourne déjà (pid %1)</translation>
    </message>
    <message>
        <source>unused: goes down %1 s after its last use</source>
        <translation>inutilisée&#xa0;: s&apos;arrête %1 s après sa dernière utilisation</translation>
    </message>
    <message numerus="yes">
        <source>used by %n process(es)</source>
        <translation>
            <numerusform>utilisée par %n processus</numerusform>
            <numerusform>utilisée par %n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>lease: pid %1 (%2) since %3: %4</source>
        <translation>bail&#xa0;: pid %1 (%2) depuis %3&#xa0;: %4</translation>
    </message>
    <message>
        <source>Shows running fixtures: state, services, ports, who uses them (leases), keep, and `stale` when their files changed since they started; and the reaper, when one runs.</source>
        <translation>Affiche les fixtures en marche&#xa0;: état, services, ports, qui les utilise (baux), conservation, et `stale` quand leurs fichiers ont changé depuis leur démarrage&#xa0;; ainsi que le faucheur (reaper), s&apos;il tourne.</translation>
    </message>
    <message>
        <source>reaper: pid %1 (takes down what nobody uses after its linger; log: %2)</source>
        <translation>faucheur (reaper)&#xa0;: pid %1 (arrête ce que personne n&apos;utilise après son délai de grâce&#xa0;; journal&#xa0;: %2)</translation>
    </message>
    <message>
        <source>Held until Ctrl-C (then released: taken down once nobody else uses them). Use --keep to leave fixtures up and return.</source>
        <translation>Maintenues jusqu&apos;à Ctrl-C (puis libérées&#xa0;: arrêtées dès que plus personne d&apos;autre ne les utilise). Utilisez --keep pour laisser les fixtures en marche et rendre la main.</translation>
    </message>
    <message>
        <source>remove stacks nobody uses (no lease, owner gone) unless kept</source>
        <translation>supprimer les piles que personne n&apos;utilise (aucun bail, propriétaire disparu), sauf si elles sont conservées</translation>
    </message>
    <message>
        <source>take down unused stacks after their linger (started on demand)</source>
        <translation>arrêter les piles inutilisées après leur délai de grâce (lancé à la demande)</translation>
    </message>
    <message>
        <source>Ends the background holds of `fixbench up --hold-while PID` on fixtures. What is kept stays up; what others still use stays up; the rest goes down after its linger.</source>
        <translation>Met fin aux maintiens en arrière-plan de `fixbench up --hold-while PID` sur des fixtures. Ce qui est conservé reste démarré&#xa0;; ce que d&apos;autres utilisent encore reste démarré&#xa0;; le reste s&apos;arrête après son délai de grâce.</translation>
    </message>
    <message>
        <source>Fixtures to release.</source>
        <translation>Fixtures à libérer.</translation>
    </message>
    <message>
        <source>Only the holds made with this --hold-while PID (default: every hold).</source>
        <translation>Seulement les maintiens faits avec ce --hold-while PID (par défaut&#xa0;: tous).</translation>
    </message>
    <message>
        <source>fixbench release: name at least one fixture</source>
        <translation>fixbench release&#xa0;: nommez au moins une fixture</translation>
    </message>
    <message>
        <source>%1: no hold to release</source>
        <translation>%1&#xa0;: aucun maintien à libérer</translation>
    </message>
    <message>
        <source>%1: the holder did not let go within 2 minutes</source>
        <translation>%1&#xa0;: le processus de maintien ne l&apos;a pas lâchée en 2 minutes</translation>
    </message>
    <message>
        <source>%1 released: down</source>
        <translation>%1 libérée&#xa0;: arrêtée</translation>
    </message>
    <message>
        <source>%1 released: it stays up, kept</source>
        <translation>%1 libérée&#xa0;: elle reste démarrée, conservée</translation>
    </message>
    <message numerus="yes">
        <source>%1 released: it stays up while %n other process(es) use it</source>
        <translation>
            <numerusform>%1 libérée&#xa0;: elle reste démarrée tant que %n autre processus l&apos;utilise</numerusform>
            <numerusform>%1 libérée&#xa0;: elle reste démarrée tant que %n autres processus l&apos;utilisent</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 released: it goes down in %2 s unless used again</source>
        <translation>%1 libérée&#xa0;: elle s&apos;arrête dans %2 s si personne ne l&apos;utilise d&apos;ici là</translation>
    </message>
    <message>
        <source>cannot start the background holder (%1)</source>
        <translation>impossible de lancer le processus de maintien en arrière-plan (%1)</translation>
    </message>
    <message>
        <source>the background holder (pid %1) did not take over the fixtures; see %2</source>
        <translation>le processus de maintien en arrière-plan (pid %1) n&apos;a pas pris le relais sur les fixtures&#xa0;; voir %2</translation>
    </message>
    <message>
        <source>Return once up, leaving a background fixbench that holds the fixtures while process PID lives (or until `fixbench release NAME --hold-while PID`). For a CTest FIXTURES_SETUP step: PID is ctest.</source>
        <translation>Rendre la main une fois démarrées, en laissant en arrière-plan un fixbench qui maintient les fixtures tant que le processus PID vit (ou jusqu&apos;à `fixbench release NAME --hold-while PID`). Pour une étape CTest FIXTURES_SETUP&#xa0;: PID est ctest.</translation>
    </message>
    <message>
        <source>(internal) be the background holder of --hold-while.</source>
        <translation>(interne) être le processus de maintien en arrière-plan de --hold-while.</translation>
    </message>
    <message>
        <source>--hold-while needs the pid of a running process</source>
        <translation>--hold-while attend le pid d&apos;un processus en cours</translation>
    </message>
    <message>
        <source>end background holds of `up --hold-while` (CTest cleanup)</source>
        <translation>mettre fin aux maintiens en arrière-plan de `up --hold-while` (nettoyage CTest)</translation>
    </message>
    <message>
        <source>degraded: no container for %1</source>
        <translation>dégradée&#xa0;: aucun conteneur pour %1</translation>
    </message>
    <message>
        <source>fixtures</source>
        <translation>fixtures</translation>
    </message>
    <message>
        <source>fixture `%1` is not running: %2; see `fixbench logs %1`, then `fixbench down %1` and `fixbench up %1`</source>
        <translation>la fixture `%1` n’est pas en marche&#xa0;: %2&#xa0;; consultez `fixbench logs %1`, puis lancez `fixbench down %1` et `fixbench up %1`</translation>
    </message>
    <message>
        <source>FTP list `%1` on %2: the server cut the listing short (%3); only %4 entries are shown</source>
        <translation>FTP list `%1` sur %2&#xa0;: le serveur a interrompu le listage (%3)&#xa0;; seules %4 entrées sont affichées</translation>
    </message>
    <message>
        <source>pruned %1 stack(s): %2 container(s), %3 network(s), %4 volume(s); %5 left (kept or in use)</source>
        <translation>%1 pile(s) supprimée(s)&#xa0;: %2 conteneur(s), %3 réseau(x), %4 volume(s)&#xa0;; %5 laissée(s) en place (conservée(s) ou utilisée(s))</translation>
    </message>
    <message>
        <source>Not passed:</source>
        <translation>Non réussis&#xa0;:</translation>
    </message>
    <message>
        <source>Show the values of secret fixture variables where tests print them (masked as ******** otherwise, on the console and in every report).</source>
        <translation>Afficher la valeur des variables secrètes des fixtures là où les tests les affichent (sinon masquées par ********, sur la console et dans chaque rapport).</translation>
    </message>
    <message>
        <source>List the tests (those --filter or --failed selects) instead of running them. Brings no fixture up: the environments of those already up are used.</source>
        <translation>Lister les tests (ceux que sélectionne --filter ou --failed) au lieu de les exécuter. Ne démarre aucune fixture&#xa0;: les environnements de celles déjà démarrées sont utilisés.</translation>
    </message>
    <message>
        <source>fixbench run --list: %1; its tests are listed without its environment</source>
        <translation>fixbench run --list: %1&#xa0;; ses tests sont listés sans son environnement</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>invalide&#xa0;: %1</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>impossible de lancer %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>fixbench debug: name exactly one test binary (gdb&apos;s own arguments go after `--`)</source>
        <translation>fixbench debug: nommez exactement un binaire de test (les arguments propres à gdb viennent après `--`)</translation>
    </message>
    <message>
        <source>fixbench debug: --batch %1: no such file</source>
        <translation>fixbench debug: --batch %1&#xa0;: fichier introuvable</translation>
    </message>
    <message>
        <source>Runs one test binary under gdb in this terminal with exactly the environment, working folder and arguments `fixbench run` would give it, plus --gtest_break_on_failure (gdb stops at the failing assertion): brings up (or attaches to) its fixtures and runs their setup_data hooks first; when gdb exits, runs teardown_data and takes down what it started (unless --keep). Exits with gdb&apos;s exit code. Arguments after `--` go to gdb.</source>
        <translation>Exécute un binaire de test sous gdb dans ce terminal avec exactement l&apos;environnement, le dossier de travail et les arguments que lui donnerait `fixbench run`, plus --gtest_break_on_failure (gdb s&apos;arrête à l&apos;assertion en échec)&#xa0;: démarre d&apos;abord ses fixtures (ou s&apos;y rattache) et lance leurs hooks setup_data&#xa0;; quand gdb se termine, lance teardown_data et arrête ce qu&apos;il a démarré (sauf avec --keep). Sort avec le code de sortie de gdb. Les arguments après `--` vont à gdb.</translation>
    </message>
    <message>
        <source>A test binary: a name from fixbench.yml `tests:` or a path to an executable.</source>
        <translation>Un binaire de test&#xa0;: un nom de `tests:` dans fixbench.yml ou le chemin d&apos;un exécutable.</translation>
    </message>
    <message>
        <source>More gdb arguments (e.g. -nx -q).</source>
        <translation>Arguments gdb supplémentaires (par ex. -nx -q).</translation>
    </message>
    <message>
        <source>Only tests matching this gtest filter.</source>
        <translation>Seulement les tests correspondant à ce filtre gtest.</translation>
    </message>
    <message>
        <source>Also stop where a C++ exception is thrown (gdb `catch throw`).</source>
        <translation>S&apos;arrêter aussi là où une exception C++ est levée (gdb `catch throw`).</translation>
    </message>
    <message>
        <source>Run gdb non-interactively with this command file (gdb -batch -x FILE); the file starts the program itself (`run`).</source>
        <translation>Lancer gdb en mode non interactif avec ce fichier de commandes (gdb -batch -x FILE)&#xa0;; le fichier démarre lui-même le programme (`run`).</translation>
    </message>
    <message>
        <source>gdb is not on PATH; install it (Debian: apt install gdb)</source>
        <translation>gdb n&apos;est pas dans le PATH&#xa0;; installez-le (Debian&#xa0;: apt install gdb)</translation>
    </message>
    <message>
        <source>fixbench debug: gdb on %1 in %2 (%3 variable(s) from fixbench; stops at the first failing assertion)</source>
        <translation>fixbench debug: gdb sur %1 dans %2 (%3 variable(s) de fixbench&#xa0;; arrêt à la première assertion en échec)</translation>
    </message>
    <message>
        <source>fixbench env: --format is one of %1, not `%2`</source>
        <translation>fixbench env: --format vaut l&apos;un de %1, pas `%2`</translation>
    </message>
    <message>
        <source>fixbench env: use --json or --format, not both</source>
        <translation>fixbench env: utilisez --json ou --format, pas les deux</translation>
    </message>
    <message>
        <source>Prints running fixtures&apos; environment (several: merged in order, a later one wins) as shell export lines: eval &quot;$(fixbench env NAME --show-secrets)&quot;; as a dotenv file (python-dotenv, docker-compose --env-file, VS Code envFile read it back exactly); or as JSON. Secrets are left out unless --show-secrets.</source>
        <translation>Affiche l&apos;environnement de fixtures en marche (plusieurs&#xa0;: fusionnés dans l&apos;ordre, la dernière l&apos;emporte) sous forme de lignes export du shell&#xa0;: eval &quot;$(fixbench env NAME --show-secrets)&quot;&#xa0;; sous forme de fichier dotenv (python-dotenv, docker-compose --env-file et l&apos;envFile de VS Code le relisent exactement)&#xa0;; ou en JSON. Les secrets sont omis sauf avec --show-secrets.</translation>
    </message>
    <message>
        <source>Running fixtures.</source>
        <translation>Des fixtures en marche.</translation>
    </message>
    <message>
        <source>shell (export lines, the default), dotenv (NAME=value lines) or json (an object name → value).</source>
        <translation>shell (lignes export, par défaut), dotenv (lignes NAME=value) ou json (un objet nom → valeur).</translation>
    </message>
    <message>
        <source>Write to FILE instead of stdout, readable by you only (0600).</source>
        <translation>Écrire dans FILE au lieu de la sortie standard, lisible par vous seul (0600).</translation>
    </message>
    <message>
        <source>Include secret values (left out, or masked with --json, otherwise).</source>
        <translation>Inclure les valeurs secrètes (sinon omises, ou masquées avec --json).</translation>
    </message>
    <message>
        <source>fixbench env: name at least one fixture</source>
        <translation>fixbench env: nommez au moins une fixture</translation>
    </message>
    <message>
        <source>fixbench env: secret(s) left out: %1 (--show-secrets includes them)</source>
        <translation>fixbench env: secret(s) omis&#xa0;: %1 (--show-secrets les inclut)</translation>
    </message>
    <message>
        <source>fixbench env: wrote %1 (%2 variable(s), readable by you only)</source>
        <translation>fixbench env: %1 écrit (%2 variable(s), lisible par vous seul)</translation>
    </message>
    <message>
        <source>fixbench report: the only sub-command is `merge FILE...`</source>
        <translation>fixbench report: la seule sous-commande est `merge FILE...`</translation>
    </message>
    <message>
        <source>fixbench report merge: name the JSON reports to merge (`fixbench run --json FILE`)</source>
        <translation>fixbench report merge: nommez les rapports JSON à fusionner (`fixbench run --json FILE`)</translation>
    </message>
    <message>
        <source>`report merge` merges the JSON reports of several `fixbench run --json` runs, such as the shards of `run --shard K/N`, into one run: prints its summary line, writes JUnit and JSON, and exits 1 when a merged test failed, crashed or timed out (as `run`). Refuses reports of two workspaces, a test in two reports, and an incomplete set of shards.</source>
        <translation>`report merge` fusionne en une seule exécution les rapports JSON de plusieurs exécutions `fixbench run --json`, comme les parts de `run --shard K/N`&#xa0;: affiche sa ligne de bilan, écrit JUnit et JSON, et sort avec le code 1 quand un test fusionné a échoué, planté ou dépassé le délai (comme `run`). Refuse des rapports de deux espaces de travail, un test présent dans deux rapports et un ensemble de parts incomplet.</translation>
    </message>
    <message>
        <source>The sub-command.</source>
        <translation>La sous-commande.</translation>
    </message>
    <message>
        <source>JSON reports written by `fixbench run --json`.</source>
        <translation>Rapports JSON écrits par `fixbench run --json`.</translation>
    </message>
    <message>
        <source>Write the merged JUnit XML results to FILE.</source>
        <translation>Écrire les résultats fusionnés en JUnit XML dans FILE.</translation>
    </message>
    <message>
        <source>Write the merged JSON results to FILE.</source>
        <translation>Écrire les résultats fusionnés en JSON dans FILE.</translation>
    </message>
    <message>
        <source>%1 test binary(ies) had errors</source>
        <translation>%1 binaire(s) de test en erreur</translation>
    </message>
    <message>
        <source>%1 report(s), %2 binaries</source>
        <translation>%1 rapport(s), %2 binaires</translation>
    </message>
    <message>
        <source>fixbench run: --watch runs tests; it does not go with --list</source>
        <translation>fixbench run: --watch exécute des tests&#xa0;; il ne va pas avec --list</translation>
    </message>
    <message>
        <source>shard %1: %2 of %3 tests, in %4 of %5 binaries</source>
        <translation>part %1&#xa0;: %2 tests sur %3, dans %4 binaires sur %5</translation>
    </message>
    <message>
        <source>shard %1: %2 has too many tests to name: GoogleTest&apos;s own sharding runs its part</source>
        <translation>part %1&#xa0;: %2 a trop de tests pour les nommer&#xa0;: le découpage propre à GoogleTest (sharding) exécute sa part</translation>
    </message>
    <message numerus="yes">
        <source>watching %n test binary(ies) for a rebuild (Ctrl-C ends)</source>
        <translation>
            <numerusform>surveillance de %n binaire de test en attente d&apos;une recompilation (Ctrl-C pour finir)</numerusform>
            <numerusform>surveillance de %n binaires de test en attente d&apos;une recompilation (Ctrl-C pour finir)</numerusform>
        </translation>
    </message>
    <message>
        <source>rebuilt: %1; running again</source>
        <translation>recompilé&#xa0;: %1&#xa0;; nouvelle exécution</translation>
    </message>
    <message>
        <source>warning: artifacts: %1</source>
        <translation>avertissement&#xa0;: artefacts&#xa0;: %1</translation>
    </message>
    <message>
        <source>artifacts: %1 (%2 file(s), %3 bytes, in %4 s; fixtures: %5)</source>
        <translation>artefacts&#xa0;: %1 (%2 fichier(s), %3 octets, en %4 s&#xa0;; fixtures&#xa0;: %5)</translation>
    </message>
    <message>
        <source>a test failed: kept up for inspection: %1</source>
        <translation>un test a échoué&#xa0;: conservées en marche pour examen&#xa0;: %1</translation>
    </message>
    <message>
        <source>  fixbench env %1%2     its environment (connection settings)</source>
        <translation>  fixbench env %1%2     son environnement (paramètres de connexion)</translation>
    </message>
    <message>
        <source>  fixbench logs %1%2    its containers&apos; logs</source>
        <translation>  fixbench logs %1%2    les journaux de ses conteneurs</translation>
    </message>
    <message>
        <source>  fixbench down %1%2    take it down when done</source>
        <translation>  fixbench down %1%2    l&apos;arrêter une fois terminé</translation>
    </message>
    <message>
        <source>Write the run on a time axis (fixtures&apos; bring-up, hooks, binaries, tests, failures marked) to FILE: an SVG when FILE ends in .svg, else a self-contained HTML page.</source>
        <translation>Écrire l&apos;exécution sur un axe du temps (démarrage des fixtures, hooks, binaires, tests, échecs signalés) dans FILE&#xa0;: un SVG quand FILE finit par .svg, sinon une page HTML autonome.</translation>
    </message>
    <message>
        <source>Do not read the fixtures&apos; logs after each binary: the reports then carry no log excerpt for the tests that did not pass.</source>
        <translation>Ne pas lire les journaux des fixtures après chaque binaire&#xa0;: les rapports ne contiennent alors aucun extrait de journal pour les tests qui n&apos;ont pas réussi.</translation>
    </message>
    <message>
        <source>When a test failed (or a fixture did not come up): collect each fixture&apos;s container logs, inspect output, environment (secrets masked) and FTP files, and the reports, into DIR (new or empty), before teardown.</source>
        <translation>Quand un test a échoué (ou qu&apos;une fixture n&apos;a pas pu démarrer)&#xa0;: rassembler dans DIR (nouveau ou vide), avant l&apos;arrêt, les journaux des conteneurs de chaque fixture, la sortie d&apos;inspect, l&apos;environnement (secrets masqués) et les fichiers FTP, ainsi que les rapports.</translation>
    </message>
    <message>
        <source>When a test failed, leave the fixtures this run used up, marked kept (as `fixbench keep`), and print how to look at them.</source>
        <translation>Quand un test a échoué, laisser en marche les fixtures qu&apos;a utilisées cette exécution, marquées conservées (comme `fixbench keep`), et afficher comment les examiner.</translation>
    </message>
    <message>
        <source>Run only the K-th of N parts of the selected tests (e.g. 2/3; CI matrices): a deterministic split over every binary&apos;s tests by name, bringing up only the fixtures of this part&apos;s binaries. `fixbench report merge` joins the parts&apos; reports.</source>
        <translation>N&apos;exécuter que la K-ième des N parts des tests sélectionnés (par ex. 2/3&#xa0;; matrices de CI)&#xa0;: un découpage déterministe des tests de chaque binaire selon leur nom, qui ne démarre que les fixtures des binaires de cette part. `fixbench report merge` réunit les rapports des parts.</translation>
    </message>
    <message>
        <source>After the run, keep the fixtures and run the tests of a binary again each time it is rebuilt (replaced or touched), until Ctrl-C.</source>
        <translation>Après l&apos;exécution, garder les fixtures et relancer les tests d&apos;un binaire chaque fois qu&apos;il est recompilé (remplacé ou touché), jusqu&apos;à Ctrl-C.</translation>
    </message>
    <message>
        <source>fixbench run: --artifacts: %1</source>
        <translation>fixbench run: --artifacts&#xa0;: %1</translation>
    </message>
    <message>
        <source>shard %1 has no test to run</source>
        <translation>la part %1 n&apos;a aucun test à exécuter</translation>
    </message>
    <message>
        <source>Run the readiness probes of a fixture that is up even when it was found ready before and nothing changed since (also: FIXBENCH_REPROBE=1).</source>
        <translation>Lancer les sondes de disponibilité d&apos;une fixture démarrée même si elle a déjà été trouvée prête et que rien n&apos;a changé depuis (aussi&#xa0;: FIXBENCH_REPROBE=1).</translation>
    </message>
    <message>
        <source>running fixtures&apos; environment (export lines, dotenv, JSON)</source>
        <translation>l&apos;environnement de fixtures en marche (lignes export, dotenv, JSON)</translation>
    </message>
    <message>
        <source>merge the JSON reports of several runs (the shards of --shard K/N) into one</source>
        <translation>fusionner en un seul les rapports JSON de plusieurs exécutions (les parts de --shard K/N)</translation>
    </message>
    <message>
        <source>run a test binary under gdb with its fixtures and run&apos;s exact environment</source>
        <translation>exécuter un binaire de test sous gdb avec ses fixtures et l&apos;environnement exact de run</translation>
    </message>
    <message>
        <source>fixbench %1: --env wants NAME=VALUE, not `%2`</source>
        <translation>fixbench %1: --env attend NAME=VALUE, pas `%2`</translation>
    </message>
</context>
<context>
    <name>fixbench::ArtifactCollector</name>
    <message>
        <source>artifacts folder %1 is a file, not a folder</source>
        <translation>le dossier d&apos;artefacts %1 est un fichier, pas un dossier</translation>
    </message>
    <message>
        <source>artifacts folder %1 is not empty; name a new or empty folder (a collection never mixes with an older one)</source>
        <translation>le dossier d&apos;artefacts %1 n&apos;est pas vide&#xa0;; indiquez un dossier nouveau ou vide (une collecte ne se mélange jamais à une plus ancienne)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot create the artifacts folder %1</source>
        <translation>impossible de créer le dossier d&apos;artefacts %1</translation>
    </message>
    <message>
        <source>fixbench run of %1: %2</source>
        <translation>fixbench run de %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>fixtures: %1</source>
        <translation>fixtures&#xa0;: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>files: %1 (%2 bytes)</source>
        <translation>fichiers&#xa0;: %1 (%2 octets)</translation>
    </message>
    <message>
        <source>not collected:</source>
        <translation>non collectés&#xa0;:</translation>
    </message>
    <message>
        <source>%1 is not up any more: nothing of it collected</source>
        <translation>%1 n&apos;est plus démarrée&#xa0;: rien n&apos;en a été collecté</translation>
    </message>
    <message>
        <source># %1: the environment fixbench gives tests (secrets masked)</source>
        <translation># %1&#xa0;: l&apos;environnement que fixbench donne aux tests (secrets masqués)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: the engine has no container of %2 any more</source>
        <translation>%1&#xa0;: le moteur n&apos;a plus aucun conteneur de %2</translation>
    </message>
    <message>
        <source>%1: logs of %2: %3</source>
        <translation>%1&#xa0;: journaux de %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1: inspect of %2: %3</source>
        <translation>%1&#xa0;: inspect de %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>FTP of %1: %2</source>
        <translation>FTP de %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: not listed (%2)</source>
        <translation>%1&#xa0;: non listé (%2)</translation>
    </message>
    <message>
        <source>%1: the server cut the listing short (%2)</source>
        <translation>%1&#xa0;: le serveur a interrompu le listage (%2)</translation>
    </message>
    <message>
        <source>%1: not listed: %2</source>
        <translation>%1&#xa0;: non listé&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: not listed: deeper than %2 folders</source>
        <translation>%1&#xa0;: non listé&#xa0;: plus de %2 niveaux de dossiers</translation>
    </message>
    <message>
        <source>%1: not downloaded: %2</source>
        <translation>%1&#xa0;: non téléchargé&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: not downloaded: more than %2 files</source>
        <translation>%1&#xa0;: non téléchargé&#xa0;: plus de %2 fichiers</translation>
    </message>
    <message>
        <source>%1: not downloaded: %2 bytes would pass the limit of %3 bytes</source>
        <translation>%1&#xa0;: non téléchargé&#xa0;: %2 octets dépasseraient la limite de %3 octets</translation>
    </message>
    <message>
        <source># %1 (type size modified path)</source>
        <translation># %1 (type taille modification chemin)</translation>
    </message>
</context>
<context>
    <name>fixbench::ComposeDriver</name>
    <message>
        <source>cannot run `%1`: %2</source>
        <translation>impossible de lancer `%1`&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1&#xa0;: annulé</translation>
    </message>
    <message>
        <source>%1 took longer than %2 s; `%3` was stopped</source>
        <translation>%1 a duré plus de %2 s&#xa0;; `%3` a été arrêté</translation>
    </message>
    <message>
        <source>%1 failed: host port %2 is already in use</source>
        <translation>échec de %1&#xa0;: le port hôte %2 est déjà utilisé</translation>
    </message>
</context>
<context>
    <name>fixbench::ComposeFile</name>
    <message>
        <source>cannot read compose file %1: %2</source>
        <translation>impossible de lire le fichier compose %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>invalid YAML in compose file: %1</source>
        <translation>YAML invalide dans le fichier compose&#xa0;: %1</translation>
    </message>
    <message>
        <source>compose file: %1 must be a string</source>
        <translation>fichier compose&#xa0;: %1 doit être une chaîne</translation>
    </message>
    <message>
        <source>a compose file must be a map with a `services:` key</source>
        <translation>un fichier compose doit être un dictionnaire avec une clé `services:`</translation>
    </message>
    <message>
        <source>the compose file declares no `services:`</source>
        <translation>le fichier compose ne déclare aucun `services:`</translation>
    </message>
    <message>
        <source>a service name</source>
        <translation>un nom de service</translation>
    </message>
    <message>
        <source>compose file: a service needs a name</source>
        <translation>fichier compose&#xa0;: un service doit avoir un nom</translation>
    </message>
    <message>
        <source>`build.context` of service `%1`</source>
        <translation>`build.context` du service `%1`</translation>
    </message>
    <message>
        <source>compose file: `build` of service `%1` must be a path or a map</source>
        <translation>fichier compose&#xa0;: `build` du service `%1` doit être un chemin ou un dictionnaire</translation>
    </message>
    <message>
        <source>a network name</source>
        <translation>un nom de réseau</translation>
    </message>
    <message>
        <source>compose file: %1</source>
        <translation>fichier compose&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>fixbench::ComposeTool</name>
    <message>
        <source>%1 is not installed</source>
        <translation>%1 n&apos;est pas installé</translation>
    </message>
    <message>
        <source>`%1` did not answer within 15 s</source>
        <translation>`%1` n&apos;a pas répondu dans les 15 s</translation>
    </message>
    <message>
        <source>`%1` failed</source>
        <translation>échec de `%1`</translation>
    </message>
</context>
<context>
    <name>fixbench::DebugLaunch</name>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation>%1 n&apos;est pas du JSON valide&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 is not a launch.json file: an object with a `configurations` list is expected</source>
        <translation>%1 n&apos;est pas un fichier launch.json&#xa0;: un objet avec une liste `configurations` est attendu</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>%1 not written: %2; the launch configuration&apos;s environment has every variable exactly</source>
        <translation>%1 non écrit&#xa0;: %2&#xa0;; l&apos;environnement de la configuration de lancement contient exactement chaque variable</translation>
    </message>
    <message>
        <source>%1 is not referenced as envFile: VS Code would read its escaped values (quotes, backslashes, line breaks) differently; the configuration&apos;s environment has them exactly</source>
        <translation>%1 n&apos;est pas référencé comme envFile&#xa0;: VS Code lirait autrement ses valeurs échappées (guillemets, barres obliques inverses, sauts de ligne)&#xa0;; l&apos;environnement de la configuration les contient exactement</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::DotEnv</name>
    <message>
        <source>variable `%1`: not a name a dotenv file can hold</source>
        <translation>variable `%1`&#xa0;: ce nom ne peut pas figurer dans un fichier dotenv</translation>
    </message>
    <message>
        <source>variable `%1` cannot be written to a dotenv file exactly: its value holds `%2`, which python-dotenv (docker-compose --env-file) replaces by another variable&apos;s value in any quotes</source>
        <translation>la variable `%1` ne peut pas être écrite exactement dans un fichier dotenv&#xa0;: sa valeur contient `%2`, que python-dotenv (docker-compose --env-file) remplace par la valeur d&apos;une autre variable, quels que soient les guillemets</translation>
    </message>
    <message>
        <source>variable `%1` cannot be written to a dotenv file exactly: it needs quotes and ends with a backslash, which python-dotenv (docker-compose --env-file) reads as escaping the closing quote</source>
        <translation>la variable `%1` ne peut pas être écrite exactement dans un fichier dotenv&#xa0;: elle a besoin de guillemets et finit par une barre oblique inverse, que python-dotenv (docker-compose --env-file) lit comme l&apos;échappement du guillemet fermant</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <translation> (de %1)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::EditorLauncher</name>
    <message>
        <source>The editor command is empty (View ▸ Editor Command…)</source>
        <translation>La commande de l’éditeur est vide (Affichage ▸ Commande de l’éditeur…)</translation>
    </message>
    <message>
        <source>The editor command&apos;s program `%1` was not found (View ▸ Editor Command…: %2)</source>
        <translation>Le programme `%1` de la commande de l’éditeur est introuvable (Affichage ▸ Commande de l’éditeur…&#xa0;: %2)</translation>
    </message>
    <message>
        <source>Cannot start the editor `%1`: %2</source>
        <translation>Impossible de lancer l’éditeur `%1`&#xa0;: %2</translation>
    </message>
    <message>
        <source>The editor command failed (exit code %1): %2</source>
        <translation>La commande de l’éditeur a échoué (code de sortie %1)&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::EngineClient</name>
    <message>
        <source>Could not initialise libcurl.</source>
        <translation>Impossible d&apos;initialiser libcurl.</translation>
    </message>
</context>
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
    <name>fixbench::ExternalLauncher</name>
    <message>
        <source>unclosed %1 quote in the command: %2</source>
        <translation>guillemet %1 non fermé dans la commande&#xa0;: %2</translation>
    </message>
    <message>
        <source>no temporary folder (%1)</source>
        <translation>pas de dossier temporaire (%1)</translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureLogs</name>
    <message>
        <source>fixture %1: its containers could not be listed: %2</source>
        <translation>fixture %1&#xa0;: ses conteneurs n&apos;ont pas pu être listés&#xa0;: %2</translation>
    </message>
    <message>
        <source>fixture %1: its containers were gone before their logs were read</source>
        <translation>fixture %1&#xa0;: ses conteneurs avaient disparu avant la lecture de leurs journaux</translation>
    </message>
    <message>
        <source>fixture %1: the log of service %2 (container %3) could not be read: %4</source>
        <translation>fixture %1&#xa0;: le journal du service %2 (conteneur %3) n&apos;a pas pu être lu&#xa0;: %4</translation>
    </message>
    <message numerus="yes">
        <source>[... %n earlier line(s) cut: an excerpt keeps the last %1 lines, %2 KiB ...]</source>
        <translation>
            <numerusform>[... %n ligne antérieure coupée&#xa0;: un extrait garde les %1 dernières lignes, %2 Kio ...]</numerusform>
            <numerusform>[... %n lignes antérieures coupées&#xa0;: un extrait garde les %1 dernières lignes, %2 Kio ...]</numerusform>
        </translation>
    </message>
    <message>
        <source>(%1 logged nothing from %2 to %3 UTC)</source>
        <translation>(%1 n&apos;a rien journalisé de %2 à %3 UTC)</translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureManager</name>
    <message>
        <source>%1 already up, attached in %2 s</source>
        <translation>%1 déjà démarrée, rattachée en %2 s</translation>
    </message>
    <message>
        <source>%1 ready in %2 s</source>
        <translation>%1 prête en %2 s</translation>
    </message>
    <message>
        <source>%1 down</source>
        <translation>%1 arrêtée</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>fixture `%1` is not up; `fixbench up %1 --keep` starts it kept</source>
        <translation>la fixture `%1` n&apos;est pas démarrée&#xa0;; `fixbench up %1 --keep` la démarre en la conservant</translation>
    </message>
    <message>
        <source>unknown hook event `%1`; expected one of: %2</source>
        <translation>événement de hook inconnu `%1`&#xa0;; événements attendus&#xa0;: %2</translation>
    </message>
    <message>
        <source>could not take the port allocation lock %1 within 2 minutes: another fixbench holds it. If none is running, delete the file and retry</source>
        <translation>impossible de prendre le verrou d&apos;allocation des ports %1 en 2 minutes&#xa0;: un autre fixbench le détient. Si aucun n&apos;est en cours d&apos;exécution, supprimez le fichier et réessayez</translation>
    </message>
    <message>
        <source>fixture `%1` vanished right after it became ready</source>
        <translation>la fixture `%1` a disparu juste après être devenue prête</translation>
    </message>
    <message>
        <source>compose project %1 belongs to fixture `%2`%3 of workspace %4, not to fixture `%5`%6 of workspace %7; refusing to use it. Rename one of the two fixtures or instances.</source>
        <translation>le projet compose %1 appartient à la fixture `%2`%3 de l&apos;espace de travail %4, pas à la fixture `%5`%6 de l&apos;espace de travail %7&#xa0;; refus de l&apos;utiliser. Renommez l&apos;une des deux fixtures ou instances.</translation>
    </message>
    <message>
        <source> (instance %1)</source>
        <translation> (instance %1)</translation>
    </message>
    <message>
        <source>%1 is down already</source>
        <translation>%1 est déjà arrêtée</translation>
    </message>
    <message>
        <source>%1 stays up: kept</source>
        <translation>%1 reste démarrée&#xa0;: conservée</translation>
    </message>
    <message numerus="yes">
        <source>%1 stays up: %n other process(es) use it</source>
        <translation>
            <numerusform>%1 reste démarrée&#xa0;: %n autre processus l&apos;utilise</numerusform>
            <numerusform>%1 reste démarrée&#xa0;: %n autres processus l&apos;utilisent</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stays up: its owner (pid %2) is alive</source>
        <translation>%1 reste démarrée&#xa0;: son propriétaire (pid %2) est vivant</translation>
    </message>
    <message>
        <source>%1 released: it goes down in %2 s unless used again</source>
        <translation>%1 libérée&#xa0;: elle s&apos;arrête dans %2 s si elle n&apos;est pas réutilisée</translation>
    </message>
    <message>
        <source>no reaper could be started (no fixbench CLI found: set FIXBENCH_CLI); taking %1 down now</source>
        <translation>aucun faucheur (reaper) n&apos;a pu être démarré (CLI fixbench introuvable&#xa0;: définissez FIXBENCH_CLI)&#xa0;; arrêt immédiat de %1</translation>
    </message>
    <message>
        <source>%1: could not lock %2 within a minute to take it down; another fixbench is changing it</source>
        <translation>%1&#xa0;: impossible de verrouiller %2 en une minute pour l&apos;arrêter&#xa0;; un autre fixbench est en train de la modifier</translation>
    </message>
    <message>
        <source>fixture `%1`%2 is not up; bring it up with `fixbench up %1`</source>
        <translation>la fixture `%1`%2 n&apos;est pas démarrée&#xa0;; démarrez-la avec `fixbench up %1`</translation>
    </message>
    <message>
        <source>could not lock %1 (another fixbench is bringing it up)</source>
        <translation>impossible de verrouiller %1 (un autre fixbench est en train de la démarrer)</translation>
    </message>
    <message>
        <source>fixture `%1` is up but degraded: no container for service(s) %2. It is %3, so it is not recreated under its users; `fixbench down %1` and up again to repair it</source>
        <translation>la fixture `%1` est démarrée mais dégradée&#xa0;: aucun conteneur pour le ou les services %2. Elle est %3, elle n&apos;est donc pas recréée sous ses utilisateurs&#xa0;; faites `fixbench down %1` puis redémarrez-la pour la réparer</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservée</translation>
    </message>
    <message>
        <source>used by other processes</source>
        <translation>utilisée par d&apos;autres processus</translation>
    </message>
    <message>
        <source>fixture `%1` is up but not every container is running, and other processes use it; inspect it with `fixbench logs %1` or recreate it with `fixbench down %1`</source>
        <translation>la fixture `%1` est démarrée mais tous ses conteneurs ne tournent pas, et d&apos;autres processus l&apos;utilisent&#xa0;; examinez-la avec `fixbench logs %1` ou recréez-la avec `fixbench down %1`</translation>
    </message>
    <message>
        <source>is already published by container %1 (fixture `%2`)</source>
        <translation>est déjà publié par le conteneur %1 (fixture `%2`)</translation>
    </message>
    <message>
        <source>is already published by container %1</source>
        <translation>est déjà publié par le conteneur %1</translation>
    </message>
    <message>
        <source>port %1 of service `%2`, hard-coded in the compose file, %3; free it, or let fixbench allocate one: `ports: {NAME: auto}` in fixture.yml and &quot;${NAME}:...&quot; in the compose file</source>
        <translation>le port %1 du service `%2`, codé en dur dans le fichier compose, %3&#xa0;; libérez-le, ou laissez fixbench en allouer un&#xa0;: `ports: {NAME: auto}` dans fixture.yml et &quot;${NAME}:...&quot; dans le fichier compose</translation>
    </message>
    <message>
        <source> (by %1)</source>
        <translation> (par %1)</translation>
    </message>
    <message>
        <source>found ready before, same containers and files, all running: not probed again (FIXBENCH_REPROBE=1 probes)</source>
        <translation>déjà trouvée prête, mêmes conteneurs et fichiers, tous en marche&#xa0;: pas de nouvelle sonde (FIXBENCH_REPROBE=1 force les sondes)</translation>
    </message>
    <message>
        <source>waiting until %1 is ready (at most %2 s)</source>
        <translation>attente que %1 soit prête (au plus %2 s)</translation>
    </message>
    <message>
        <source>port %1 was taken when compose published it; bringing %2 up on other ports</source>
        <translation>le port %1 était pris quand compose l&apos;a publié&#xa0;; démarrage de %2 sur d&apos;autres ports</translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureSpec</name>
    <message>
        <source>%1: `%2` is not a valid variable name; use letters, digits and `_`, not starting with a digit</source>
        <translation>%1&#xa0;: `%2` n&apos;est pas un nom de variable valide&#xa0;; utilisez des lettres, des chiffres et `_`, sans commencer par un chiffre</translation>
    </message>
    <message>
        <source>%1: invalid regular expression `%2`: %3 (at offset %4)</source>
        <translation>%1&#xa0;: expression régulière invalide `%2`&#xa0;: %3 (à la position %4)</translation>
    </message>
    <message>
        <source>`auto`, a port number, or {range: N}</source>
        <translation>`auto`, un numéro de port, ou {range: N}</translation>
    </message>
    <message>
        <source>%1: port %2 is out of range; use 1 to 65535 or `auto`</source>
        <translation>%1&#xa0;: le port %2 est hors limites&#xa0;; utilisez 1 à 65535 ou `auto`</translation>
    </message>
    <message>
        <source>ports.%1: the range also defines `%2`, which is declared as a port too; rename one of them</source>
        <translation>ports.%1&#xa0;: la plage définit aussi `%2`, qui est déclaré comme port lui aussi&#xa0;; renommez l&apos;un des deux</translation>
    </message>
    <message>
        <source>a string, a number, true/false, or {value: ..., secret: true} (write &quot;&quot; for an empty value)</source>
        <translation>une chaîne, un nombre, true/false, ou {value: ..., secret: true} (écrivez &quot;&quot; pour une valeur vide)</translation>
    </message>
    <message>
        <source>a string, a number or true/false</source>
        <translation>une chaîne, un nombre ou true/false</translation>
    </message>
    <message>
        <source>%1: `value` is required, e.g. {value: s3cret, secret: true}</source>
        <translation>%1&#xa0;: `value` est obligatoire, par ex. {value: s3cret, secret: true}</translation>
    </message>
    <message>
        <source>a port variable such as `FTP_PORT` or a port number</source>
        <translation>une variable de port telle que `FTP_PORT` ou un numéro de port</translation>
    </message>
    <message>
        <source>a host name or address</source>
        <translation>un nom d&apos;hôte ou une adresse</translation>
    </message>
    <message>
        <source>a request path such as `/health`</source>
        <translation>un chemin de requête tel que `/health`</translation>
    </message>
    <message>
        <source>%1: `%2` is a URL; write only its path (e.g. `/health`): the probe connects to `host` (default: the engine&apos;s host) on `port`</source>
        <translation>%1&#xa0;: `%2` est une URL&#xa0;; n&apos;écrivez que son chemin (par ex. `/health`)&#xa0;: la sonde se connecte à `host` (par défaut&#xa0;: l&apos;hôte du moteur) sur `port`</translation>
    </message>
    <message>
        <source>%1: `%2` contains white space; encode it as %20</source>
        <translation>%1&#xa0;: `%2` contient des espaces&#xa0;; encodez-les en %20</translation>
    </message>
    <message>
        <source>a regular expression</source>
        <translation>une expression régulière</translation>
    </message>
    <message>
        <source>`http` or `https`</source>
        <translation>`http` ou `https`</translation>
    </message>
    <message>
        <source>%1: unknown scheme `%2`; use `http` or `https`</source>
        <translation>%1&#xa0;: schéma inconnu `%2`&#xa0;; utilisez `http` ou `https`</translation>
    </message>
    <message>
        <source>%1: `port` is required, e.g. {port: HTTP_PORT, path: /health}</source>
        <translation>%1&#xa0;: `port` est obligatoire, par ex. {port: HTTP_PORT, path: /health}</translation>
    </message>
    <message>
        <source>a map with one of %1</source>
        <translation>un dictionnaire avec une clé parmi %1</translation>
    </message>
    <message>
        <source>%1: a probe has exactly one of %2, found %3; make each one a list item</source>
        <translation>%1&#xa0;: une sonde a exactement une clé parmi %2, trouvé&#xa0;: %3&#xa0;; faites de chacune un élément de liste</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>%1: `port` is required, e.g. {port: FTP_PORT}</source>
        <translation>%1&#xa0;: `port` est obligatoire, par ex. {port: FTP_PORT}</translation>
    </message>
    <message>
        <source>a compose service name</source>
        <translation>un nom de service compose</translation>
    </message>
    <message>
        <source>%1: `pattern` is required, e.g. {service: ftp, pattern: &quot;listening&quot;}</source>
        <translation>%1&#xa0;: `pattern` est obligatoire, par ex. {service: ftp, pattern: &quot;listening&quot;}</translation>
    </message>
    <message>
        <source>unknown key `%1` in `%2`: the ftp probe takes no options (it logs in with the FTP_* variables); write `- ftp: {}`</source>
        <translation>clé inconnue `%1` dans `%2`&#xa0;: la sonde ftp ne prend pas d&apos;option (elle se connecte avec les variables FTP_*)&#xa0;; écrivez `- ftp: {}`</translation>
    </message>
    <message>
        <source>%1: must be more than 0 and less than 24 days</source>
        <translation>%1&#xa0;: doit être supérieur à 0 et inférieur à 24 jours</translation>
    </message>
    <message>
        <source>a list of probes (`- tcp: {port: NAME}`, `- log: ...`)</source>
        <translation>une liste de sondes (`- tcp: {port: NAME}`, `- log: ...`)</translation>
    </message>
    <message>
        <source>a command, {run: command, args: [...], timeout: 30s} or {builtin: NAME}</source>
        <translation>une commande, {run: commande, args: [...], timeout: 30s} ou {builtin: NAME}</translation>
    </message>
    <message>
        <source>a command</source>
        <translation>une commande</translation>
    </message>
    <message>
        <source>a built-in hook name</source>
        <translation>un nom de hook intégré</translation>
    </message>
    <message>
        <source>%1: unknown built-in hook `%2`; built-in hooks: %3</source>
        <translation>%1&#xa0;: hook intégré inconnu `%2`&#xa0;; hooks intégrés&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1: `run` and `builtin` exclude each other; keep one</source>
        <translation>%1&#xa0;: `run` et `builtin` s&apos;excluent mutuellement&#xa0;; gardez-en un</translation>
    </message>
    <message>
        <source>%1: `run` is required (or `builtin`), e.g. {run: hooks/%2.sh}</source>
        <translation>%1&#xa0;: `run` est obligatoire (ou `builtin`), par ex. {run: hooks/%2.sh}</translation>
    </message>
    <message>
        <source>no fixture.yml in %1; a fixture folder needs one (it may be empty)</source>
        <translation>pas de fixture.yml dans %1&#xa0;; un dossier de fixture en demande un (il peut être vide)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>a map of settings (%1)</source>
        <translation>un dictionnaire de réglages (%1)</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>un texte</translation>
    </message>
    <message>
        <source>a compose file name</source>
        <translation>un nom de fichier compose</translation>
    </message>
    <message>
        <source>%1: at most 24h</source>
        <translation>%1&#xa0;: 24h au plus</translation>
    </message>
    <message>
        <source>%1 probe: `%2` is neither a port nor an environment variable of this fixture; declared: %3</source>
        <translation>sonde %1&#xa0;: `%2` n&apos;est ni un port ni une variable d&apos;environnement de cette fixture&#xa0;; déclarés&#xa0;: %3</translation>
    </message>
    <message>
        <source>compose file `%1` not found (looked for %2); fix `compose:` or create it</source>
        <translation>fichier compose `%1` introuvable (cherché&#xa0;: %2)&#xa0;; corrigez `compose:` ou créez-le</translation>
    </message>
    <message>
        <source>no compose file for fixture `%1`: looked for %2 in %3; add one, or name it with `compose:`</source>
        <translation>aucun fichier compose pour la fixture `%1`&#xa0;: cherché %2 dans %3&#xa0;; ajoutez-en un, ou nommez-le avec `compose:`</translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureState</name>
    <message>
        <source>service %1 is dead</source>
        <translation>le service %1 est mort</translation>
    </message>
    <message>
        <source>service %1 is restarting (last exit code %2)</source>
        <translation>le service %1 est en redémarrage (dernier code de sortie %2)</translation>
    </message>
    <message>
        <source>service %1 exited (code %2)</source>
        <translation>le service %1 s’est terminé (code %2)</translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureWatch</name>
    <message>
        <source>service %1 exited (code %2)</source>
        <translation>le service %1 s’est terminé (code %2)</translation>
    </message>
    <message>
        <source>service %1 exited and was restarted</source>
        <translation>le service %1 s’est terminé et a été redémarré</translation>
    </message>
    <message>
        <source>service %1&apos;s container %2 was removed</source>
        <translation>le conteneur %2 du service %1 a été supprimé</translation>
    </message>
    <message>
        <source>service %1 is running again</source>
        <translation>le service %1 est de nouveau en marche</translation>
    </message>
    <message>
        <source>%1 (instance %2)</source>
        <translation>%1 (instance %2)</translation>
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
    <message numerus="yes">
        <source>used by %n process(es)</source>
        <translation>
            <numerusform>utilisée par %n processus</numerusform>
            <numerusform>utilisée par %n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>unused: goes down after %1 s</source>
        <translation>inutilisée&#xa0;: s&apos;arrête après %1 s</translation>
    </message>
    <message>
        <source>degraded: no %1</source>
        <translation>dégradée&#xa0;: pas de %1</translation>
    </message>
    <message>
        <source>%1 is invalid (double-click to open it in the editor):
%2</source>
        <translation>%1 est invalide (double-cliquez pour l’ouvrir dans l’éditeur)&#xa0;:
%2</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>invalide</translation>
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
    <message>
        <source>%1: cancelled</source>
        <translation>%1&#xa0;: annulé</translation>
    </message>
    <message numerus="yes">
        <source>%n left (kept or in use)</source>
        <translation>
            <numerusform>%n laissée en place (conservée ou utilisée)</numerusform>
            <numerusform>%n laissées en place (conservées ou utilisées)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: keep alive on</source>
        <translation>%1&#xa0;: maintien en vie activé</translation>
    </message>
    <message>
        <source>%1: keep alive off</source>
        <translation>%1&#xa0;: maintien en vie désactivé</translation>
    </message>
    <message>
        <source>Prune Leftovers</source>
        <translation>Nettoyer les restes</translation>
    </message>
    <message>
        <source>Leftovers of every workspace on this engine</source>
        <translation>Restes de tous les espaces de travail sur ce moteur</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>The leftovers cannot be listed: %1</source>
        <translation>Impossible de lister les restes&#xa0;: %1</translation>
    </message>
    <message>
        <source>on this engine</source>
        <translation>sur ce moteur</translation>
    </message>
    <message>
        <source>of this workspace</source>
        <translation>de cet espace de travail</translation>
    </message>
    <message>
        <source>No leftovers %1: every stack is kept or in use.</source>
        <translation>Aucun reste %1&#xa0;: toutes les piles sont conservées ou utilisées.</translation>
    </message>
    <message>
        <source>These stacks %1 are neither kept nor used by anyone; Remove takes them down (containers, networks, volumes):</source>
        <translation>Ces piles %1 ne sont ni conservées ni utilisées par quiconque&#xa0;; Supprimer les arrête (conteneurs, réseaux, volumes)&#xa0;:</translation>
    </message>
</context>
<context>
    <name>fixbench::FtpBrowser</name>
    <message>
        <source>cancelled: the FTP session was closed</source>
        <translation>annulé&#xa0;: la session FTP a été fermée</translation>
    </message>
</context>
<context>
    <name>fixbench::FtpClient</name>
    <message>
        <source>FTP_PORT `%1` is not a port number</source>
        <translation>FTP_PORT `%1` n&apos;est pas un numéro de port</translation>
    </message>
    <message>
        <source>FTP %1: cannot create a curl handle</source>
        <translation>FTP %1&#xa0;: impossible de créer un handle curl</translation>
    </message>
    <message>
        <source>FTP %1 `%2` on %3 cancelled</source>
        <translation>FTP %1 `%2` sur %3 annulé</translation>
    </message>
    <message>
        <source>FTP %1: `%2` contains CR, LF or NUL, which FTP cannot send</source>
        <translation>FTP %1&#xa0;: `%2` contient CR, LF ou NUL, que FTP ne peut pas envoyer</translation>
    </message>
    <message>
        <source>FTP get `%1`: cannot write %2: %3</source>
        <translation>FTP get `%1`&#xa0;: impossible d&apos;écrire %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>FTP get `/` on %1: a directory, not a file</source>
        <translation>FTP get `/` sur %1&#xa0;: c&apos;est un dossier, pas un fichier</translation>
    </message>
    <message>
        <source>FTP put `%1`: cannot read %2: %3</source>
        <translation>FTP put `%1`&#xa0;: impossible de lire %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>FTP put: name a file, not `/`</source>
        <translation>FTP put&#xa0;: nommez un fichier, pas `/`</translation>
    </message>
    <message>
        <source>FTP put `%1` on %2: it exists and overwrite is off</source>
        <translation>FTP put `%1` sur %2&#xa0;: le fichier existe et l&apos;écrasement est désactivé</translation>
    </message>
    <message>
        <source>FTP mkdir `/` on %1: it exists</source>
        <translation>FTP mkdir `/` sur %1&#xa0;: ce dossier existe déjà</translation>
    </message>
    <message>
        <source>FTP rmdir: refusing to remove `/`; use clean to empty it</source>
        <translation>FTP rmdir&#xa0;: refus de supprimer `/`&#xa0;; utilisez clean pour le vider</translation>
    </message>
    <message>
        <source>FTP clean `%1`: more than 64 levels deep (a symlink loop?)</source>
        <translation>FTP clean `%1`&#xa0;: plus de 64 niveaux de profondeur (une boucle de liens symboliques&#xa0;?)</translation>
    </message>
    <message>
        <source>FTP clean `%1`: cannot read the server&apos;s listing of `%2`, so not everything could be removed: %3</source>
        <translation>FTP clean `%1`&#xa0;: impossible de lire le listage de `%2` fourni par le serveur, donc tout n&apos;a pas pu être supprimé&#xa0;: %3</translation>
    </message>
    <message>
        <source>FTP stat `%1` on %2: cannot read the MLST answer `%3`: %4</source>
        <translation>FTP stat `%1` sur %2&#xa0;: impossible de lire la réponse MLST `%3`&#xa0;: %4</translation>
    </message>
    <message>
        <source>FTP stat `%1` on %2: the MLST answer has no facts line</source>
        <translation>FTP stat `%1` sur %2&#xa0;: la réponse MLST n&apos;a pas de ligne de faits</translation>
    </message>
    <message>
        <source>refusing the remote name `%1` as a local file in %2: %3</source>
        <translation>refus d&apos;utiliser le nom distant `%1` comme fichier local dans %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>FTP clean `%1` on %2: %3 entries are still there after cleaning (first: `%4`)</source>
        <translation>FTP clean `%1` sur %2&#xa0;: %3 entrées sont toujours présentes après le nettoyage (première&#xa0;: `%4`)</translation>
    </message>
    <message>
        <source>FTP %1 `%2` on %3: the server cut the listing short (%4), so it is incomplete</source>
        <translation>FTP %1 `%2` sur %3&#xa0;: le serveur a interrompu le listage (%4), il est donc incomplet</translation>
    </message>
    <message>
        <source>FTP list `%1` on %2: libcurl changed the folder between CWD and the listing</source>
        <translation>FTP list `%1` sur %2&#xa0;: libcurl a changé de dossier entre CWD et le listage</translation>
    </message>
    <message>
        <source> — removing what it showed made no progress after %1 rounds</source>
        <translation> — supprimer ce que le listage montrait n’a pas progressé après %1 passes</translation>
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
    <message>
        <source>%1 was restarted: disconnected (connect again to browse it)</source>
        <translation>%1 a été redémarrée&#xa0;: déconnecté (reconnectez-vous pour la parcourir)</translation>
    </message>
    <message>
        <source>%1 is down: disconnected</source>
        <translation>%1 est arrêtée&#xa0;: déconnecté</translation>
    </message>
</context>
<context>
    <name>fixbench::GTestJsonReport</name>
    <message>
        <source>%1 is not valid JSON: %2 at offset %3</source>
        <translation>%1 n&apos;est pas du JSON valide&#xa0;: %2 à la position %3</translation>
    </message>
    <message>
        <source>%1 has no `testsuites` array</source>
        <translation>%1 n&apos;a pas de tableau `testsuites`</translation>
    </message>
    <message>
        <source>no gtest JSON report at %1: %2</source>
        <translation>aucun rapport JSON gtest à %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::HookRunner</name>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: no such built-in hook</source>
        <translation>%1&#xa0;: ce hook intégré n&apos;existe pas</translation>
    </message>
    <message>
        <source>hook `%1` of fixture `%2`: cannot start %3: %4</source>
        <translation>hook `%1` de la fixture `%2`&#xa0;: impossible de lancer %3&#xa0;: %4</translation>
    </message>
    <message>
        <source>hook `%1` of fixture `%2` (%3) was interrupted; it and what it started were stopped</source>
        <translation>le hook `%1` de la fixture `%2` (%3) a été interrompu&#xa0;; lui et ce qu&apos;il avait lancé ont été arrêtés</translation>
    </message>
    <message>
        <source>hook `%1` of fixture `%2` (%3) did not finish within %4 s and was killed with what it started</source>
        <translation>le hook `%1` de la fixture `%2` (%3) ne s&apos;est pas terminé en %4 s et a été tué avec ce qu&apos;il avait lancé</translation>
    </message>
    <message>
        <source>hook `%1` of fixture `%2` (%3) crashed</source>
        <translation>le hook `%1` de la fixture `%2` (%3) a planté</translation>
    </message>
    <message>
        <source>hook `%1` of fixture `%2` (%3) exited with code %4</source>
        <translation>le hook `%1` de la fixture `%2` (%3) s&apos;est terminé avec le code %4</translation>
    </message>
</context>
<context>
    <name>fixbench::Interpolation</name>
    <message>
        <source>malformed variable reference `%1` in `%2`: %3; use ${NAME}, ${NAME:-default}, ${NAME-default} or $NAME, and $$ for a literal $</source>
        <translation>référence de variable mal formée `%1` dans `%2`&#xa0;: %3&#xa0;; utilisez ${NAME}, ${NAME:-default}, ${NAME-default} ou $NAME, et $$ pour un $ littéral</translation>
    </message>
    <message>
        <source>a `$` at the end</source>
        <translation>un `$` à la fin</translation>
    </message>
    <message>
        <source>a `$` not followed by a name</source>
        <translation>un `$` qui n&apos;est pas suivi d&apos;un nom</translation>
    </message>
    <message>
        <source>missing `}`</source>
        <translation>`}` manquante</translation>
    </message>
    <message>
        <source>no variable name</source>
        <translation>pas de nom de variable</translation>
    </message>
    <message>
        <source>`%1` is not a valid name</source>
        <translation>`%1` n&apos;est pas un nom valide</translation>
    </message>
    <message>
        <source>unexpected `%1` after the name</source>
        <translation>`%1` inattendu après le nom</translation>
    </message>
    <message>
        <source>defaults nested too deeply in `%1`</source>
        <translation>valeurs par défaut imbriquées trop profondément dans `%1`</translation>
    </message>
    <message>
        <source>unknown variable `%1` in `%2`</source>
        <translation>variable inconnue `%1` dans `%2`</translation>
    </message>
    <message>
        <source>; no variables are defined here</source>
        <translation>&#xa0;; aucune variable n&apos;est définie ici</translation>
    </message>
    <message>
        <source>; known variables: %1</source>
        <translation>&#xa0;; variables connues&#xa0;: %1</translation>
    </message>
    <message>
        <source>; define it or give it a default: ${%1:-value}</source>
        <translation>&#xa0;; définissez-la ou donnez-lui une valeur par défaut&#xa0;: ${%1:-valeur}</translation>
    </message>
    <message>
        <source>environment variables reference each other in a cycle: %1; break it by giving one of them a plain value</source>
        <translation>des variables d&apos;environnement se référencent en cycle&#xa0;: %1&#xa0;; rompez-le en donnant une valeur simple à l&apos;une d&apos;elles</translation>
    </message>
    <message>
        <source>`%1` expands to more than 1 MiB; no environment value is that big on purpose (variables that repeat each other, doubling at each step?)</source>
        <translation>`%1` se développe en plus de 1 Mio&#xa0;; aucune valeur d&apos;environnement n&apos;est aussi grande volontairement (des variables qui se répètent les unes les autres, doublant à chaque étape&#xa0;?)</translation>
    </message>
    <message>
        <source>`%1` refers to itself (`%2`), and nothing below it defines `%1`: no allocated port, built-in or process variable of that name. Give it a plain value or a default: ${%1:-value}</source>
        <translation>`%1` fait référence à elle-même (`%2`), et rien en dessous ne définit `%1`&#xa0;: aucun port alloué, aucune variable intégrée ni variable du processus de ce nom. Donnez-lui une valeur simple ou une valeur par défaut&#xa0;: ${%1:-value}</translation>
    </message>
</context>
<context>
    <name>fixbench::JUnitWriter</name>
    <message>
        <source>cannot write the JUnit report: %1</source>
        <translation>impossible d&apos;écrire le rapport JUnit&#xa0;: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::Lease</name>
    <message>
        <source>cannot create the lease folder %1</source>
        <translation>impossible de créer le dossier des baux %1</translation>
    </message>
    <message>
        <source>cannot create the lease file %1: %2</source>
        <translation>impossible de créer le fichier de bail %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot lock the lease file %1</source>
        <translation>impossible de verrouiller le fichier de bail %1</translation>
    </message>
    <message>
        <source>cannot write the lease file %1: %2</source>
        <translation>impossible d&apos;écrire le fichier de bail %1&#xa0;: %2</translation>
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
        <source>&amp;Take Down</source>
        <translation>&amp;Arrêter</translation>
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
        <source>This window brought up fixtures that are still up: %1.
Take them down? (No keeps them up until `fixbench down`.)</source>
        <translation>Cette fenêtre a démarré des fixtures toujours en marche&#xa0;: %1.
Les arrêter&#xa0;? (Non&#xa0;: elles restent en marche jusqu&apos;à `fixbench down`.)</translation>
    </message>
    <message>
        <source>Keep Up</source>
        <translation>Garder en marche</translation>
    </message>
    <message>
        <source>%1 could not be kept: %2</source>
        <translation>%1 n&apos;a pas pu être conservée&#xa0;: %2</translation>
    </message>
    <message>
        <source>Take them down now, or keep them up: kept, they stay until `fixbench down` (or until keep is turned off). Otherwise they go down once nobody uses them.</source>
        <translation>Arrêtez-les maintenant, ou gardez-les en marche&#xa0;: conservées, elles restent jusqu&apos;à `fixbench down` (ou jusqu&apos;à ce que la conservation soit désactivée). Sinon, elles s&apos;arrêtent dès que plus personne ne les utilise.</translation>
    </message>
    <message>
        <source>&amp;Keep Up</source>
        <translation>&amp;Garder en marche</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Éditeur</translation>
    </message>
    <message>
        <source>Command that opens a file at a line (%f: the file, %l: the line; quote as in a shell),
e.g. code --goto %f:%l, kate --line %l %f, gvim +%l %f; empty: the default:</source>
        <translation>Commande qui ouvre un fichier à une ligne (%f&#xa0;: le fichier, %l&#xa0;: la ligne&#xa0;; guillemets comme dans un shell),
par ex. code --goto %f:%l, kate --line %l %f, gvim +%l %f&#xa0;; vide&#xa0;: celle par défaut&#xa0;:</translation>
    </message>
    <message>
        <source>fixture %1 is down: its logs went with it</source>
        <translation>la fixture %1 est arrêtée&#xa0;: ses journaux sont partis avec elle</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>Moteur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Engine not reachable: %1</source>
        <translation>Moteur injoignable&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>fixbench::MessageLabel</name>
    <message>
        <source>Details…</source>
        <translation>Détails…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>fixbench::PortAllocator</name>
    <message>
        <source>port %1 for %2 is beyond 65535</source>
        <translation>le port %1 de %2 dépasse 65535</translation>
    </message>
    <message>
        <source>port %1 for %2 is already published by another fixture; stop it or use `auto`</source>
        <translation>le port %1 de %2 est déjà publié par une autre fixture&#xa0;; arrêtez-la ou utilisez `auto`</translation>
    </message>
    <message>
        <source>port %1 for %2 is also requested by another port of this fixture; use `auto` for one of them</source>
        <translation>le port %1 de %2 est aussi demandé par un autre port de cette fixture&#xa0;; utilisez `auto` pour l&apos;un d&apos;eux</translation>
    </message>
    <message>
        <source>%1 needs %2 contiguous port(s), more than the range %3-%4 holds</source>
        <translation>%1 demande %2 port(s) contigu(s), plus que n&apos;en contient la plage %3-%4</translation>
    </message>
    <message>
        <source>could not find %1 free contiguous port(s) for %2 between %3 and %4 after %5 attempts; free some ports or stop other fixtures</source>
        <translation>impossible de trouver %1 port(s) libre(s) contigu(s) pour %2 entre %3 et %4 après %5 tentatives&#xa0;; libérez des ports ou arrêtez d&apos;autres fixtures</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>le processus %1</translation>
    </message>
    <message>
        <source>process %1 (%2)</source>
        <translation>le processus %1 (%2)</translation>
    </message>
    <message>
        <source>a process of another user</source>
        <translation>un processus d’un autre utilisateur</translation>
    </message>
    <message>
        <source>is already in use on this host</source>
        <translation>est déjà utilisé sur cet hôte</translation>
    </message>
    <message>
        <source>is already in use on this host (by %1)</source>
        <translation>est déjà utilisé sur cet hôte (par %1)</translation>
    </message>
    <message>
        <source>port %1 for %2 %3; free it or use `auto`</source>
        <translation>le port %1 de %2 %3&#xa0;; libérez-le ou utilisez `auto`</translation>
    </message>
    <message>
        <source>FIXBENCH_PORT_RANGE=%1 is not a port range LOW-HIGH within 1-65535</source>
        <translation>FIXBENCH_PORT_RANGE=%1 n&apos;est pas une plage de ports LOW-HIGH comprise dans 1-65535</translation>
    </message>
</context>
<context>
    <name>fixbench::ReadinessProbe</name>
    <message>
        <source>waiting for fixture `%1` cancelled</source>
        <translation>attente de la fixture `%1` annulée</translation>
    </message>
    <message>
        <source>tcp probe: `%1` is neither a port number nor a variable of fixture `%2`</source>
        <translation>sonde tcp&#xa0;: `%1` n&apos;est ni un numéro de port ni une variable de la fixture `%2`</translation>
    </message>
    <message>
        <source>log probe: fixture `%1` has no running service `%2`</source>
        <translation>sonde log&#xa0;: la fixture `%1` n&apos;a pas de service `%2` en marche</translation>
    </message>
    <message>
        <source>healthy probe: service `%1` of fixture `%2` has no healthcheck; add one to the compose file</source>
        <translation>sonde healthy&#xa0;: le service `%1` de la fixture `%2` n&apos;a pas de healthcheck&#xa0;; ajoutez-en un dans le fichier compose</translation>
    </message>
    <message>
        <source>fixture `%1`: service `%2` reports unhealthy</source>
        <translation>fixture `%1`&#xa0;: le service `%2` se déclare en mauvaise santé</translation>
    </message>
    <message>
        <source>healthy probe: no service of fixture `%1` has a healthcheck</source>
        <translation>sonde healthy&#xa0;: aucun service de la fixture `%1` n&apos;a de healthcheck</translation>
    </message>
    <message>
        <source>http probe: `%1` is neither a port number nor a variable of fixture `%2`</source>
        <translation>sonde http&#xa0;: `%1` n&apos;est ni un numéro de port ni une variable de la fixture `%2`</translation>
    </message>
</context>
<context>
    <name>fixbench::Reaper</name>
    <message>
        <source>reaper started (pid %1, engine %2)</source>
        <translation>faucheur (reaper) démarré (pid %1, moteur %2)</translation>
    </message>
    <message>
        <source>cannot list stacks: %1</source>
        <translation>impossible de lister les piles&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1: unused for %2 s (linger %3 s): taking it down</source>
        <translation>%1&#xa0;: inutilisée depuis %2 s (délai de grâce %3 s)&#xa0;: arrêt en cours</translation>
    </message>
    <message>
        <source>%1: down</source>
        <translation>%1&#xa0;: arrêtée</translation>
    </message>
    <message>
        <source>%1: could not take it down: %2</source>
        <translation>%1&#xa0;: impossible de l&apos;arrêter&#xa0;: %2</translation>
    </message>
    <message>
        <source>reaper exits: nothing left to watch</source>
        <translation>le faucheur (reaper) se termine&#xa0;: plus rien à surveiller</translation>
    </message>
</context>
<context>
    <name>fixbench::ReportMerge</name>
    <message>
        <source>%1 is shard %2/%3 but %4 is a shard of %5: merge the shards of one split</source>
        <translation>%1 est la part %2/%3 mais %4 est une part de %5&#xa0;: fusionnez les parts d&apos;un même découpage</translation>
    </message>
    <message>
        <source>shard %1/%2 is given twice: %3 and %4</source>
        <translation>la part %1/%2 est donnée deux fois&#xa0;: %3 et %4</translation>
    </message>
    <message>
        <source>shard(s) %1 missing: the merge would lack their tests; give every shard&apos;s report</source>
        <translation>part(s) %1 manquante(s)&#xa0;: il manquerait leurs tests à la fusion&#xa0;; donnez le rapport de chaque part</translation>
    </message>
    <message>
        <source>%1 is a run of workspace `%2`, %3 of `%4`: merge runs of one workspace</source>
        <translation>%1 est une exécution de l&apos;espace de travail `%2`, %3 de `%4`&#xa0;: fusionnez des exécutions d&apos;un même espace de travail</translation>
    </message>
    <message>
        <source>test %1 of %2%3 is in both %4 and %5: the reports overlap (the same shard twice, or runs that are not shards of one split)</source>
        <translation>le test %1 de %2%3 est à la fois dans %4 et dans %5&#xa0;: les rapports se recouvrent (la même part deux fois, ou des exécutions qui ne sont pas les parts d&apos;un même découpage)</translation>
    </message>
    <message>
        <source> (iteration %1)</source>
        <translation> (itération %1)</translation>
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
    <message>
        <source>Run Timeline</source>
        <translation>Chronologie de l&apos;exécution</translation>
    </message>
    <message>
        <source>Fixture logs (UTC, from its start to its end ± 1 s)</source>
        <translation>Journaux des fixtures (UTC, du début à la fin du test ± 1 s)</translation>
    </message>
    <message>
        <source>Reading its fixtures&apos; logs…</source>
        <translation>Lecture des journaux de ses fixtures…</translation>
    </message>
    <message>
        <source>Show the lines its fixtures logged while it ran</source>
        <translation>Afficher les lignes que ses fixtures ont journalisées pendant son exécution</translation>
    </message>
</context>
<context>
    <name>fixbench::RunPipeline</name>
    <message>
        <source>%1 failed</source>
        <translation>échec de %1</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompu</translation>
    </message>
    <message>
        <source>%1 %2 done</source>
        <translation>%1 %2 terminé</translation>
    </message>
    <message>
        <source>%1 %2 failed</source>
        <translation>%1 %2 a échoué</translation>
    </message>
    <message>
        <source>fixture %1 died: %2</source>
        <translation>la fixture %1 est tombée en panne&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 did not come up: %2</source>
        <translation>%1 n&apos;a pas pu démarrer&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::RunTimeline</name>
    <message>
        <source>Fixture logs:</source>
        <translation>Journaux des fixtures&#xa0;:</translation>
    </message>
    <message>
        <source>fixture %1</source>
        <translation>fixture %1</translation>
    </message>
    <message>
        <source>binary %1</source>
        <translation>binaire %1</translation>
    </message>
    <message>
        <source>  up: compose, readiness, hooks</source>
        <translation>  démarrage&#xa0;: compose, disponibilité, hooks</translation>
    </message>
    <message>
        <source>  tests</source>
        <translation>  tests</translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation>inachevé</translation>
    </message>
    <message>
        <source>fixbench run timeline</source>
        <translation>chronologie de fixbench run</translation>
    </message>
    <message>
        <source>Written %1. Hover a bar for its times; a failed test&apos;s shows its failure and its fixtures&apos; log lines.</source>
        <translation>Écrit le %1. Survolez une barre pour voir ses heures&#xa0;; celle d&apos;un test en échec montre son échec et les lignes de journal de ses fixtures.</translation>
    </message>
    <message>
        <source>cannot write the timeline %1: %2</source>
        <translation>impossible d&apos;écrire la chronologie %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::StackInventory</name>
    <message>
        <source>keeping %1 (kept)</source>
        <translation>%1 laissée en place (conservée)</translation>
    </message>
    <message numerus="yes">
        <source>keeping %1 (in use: %n lease(s))</source>
        <translation>
            <numerusform>%1 laissée en place (utilisée&#xa0;: %n bail)</numerusform>
            <numerusform>%1 laissée en place (utilisée&#xa0;: %n baux)</numerusform>
        </translation>
    </message>
    <message>
        <source>keeping %1 (owner pid %2 alive)</source>
        <translation>%1 laissée en place (propriétaire pid %2 vivant)</translation>
    </message>
    <message>
        <source>removing %1 (nobody uses it)</source>
        <translation>suppression de %1 (personne ne l&apos;utilise)</translation>
    </message>
    <message>
        <source>removing %1 (owner pid %2 is gone)</source>
        <translation>suppression de %1 (le propriétaire pid %2 a disparu)</translation>
    </message>
</context>
<context>
    <name>fixbench::TemplateLibrary</name>
    <message>
        <source>(cannot read %1: %2)</source>
        <translation>(impossible de lire %1&#xa0;: %2)</translation>
    </message>
    <message>
        <source>(invalid fixture.yml: %1)</source>
        <translation>(fixture.yml invalide&#xa0;: %1)</translation>
    </message>
    <message>
        <source>FIXBENCH_TEMPLATES_DIR is %1, which is not a folder; point it at a folder of fixture templates or unset it to use the installed ones</source>
        <translation>FIXBENCH_TEMPLATES_DIR vaut %1, qui n&apos;est pas un dossier&#xa0;; faites-le pointer sur un dossier de modèles de fixtures ou retirez-le pour utiliser ceux qui sont installés</translation>
    </message>
    <message>
        <source>no fixture templates found; looked in %1 (FIXBENCH_TEMPLATES_DIR is not set). Reinstall fixbench, build the `fixbench` target (it copies templates/ into the build tree), or set FIXBENCH_TEMPLATES_DIR to a folder of templates</source>
        <translation>aucun modèle de fixture trouvé&#xa0;; cherché dans %1 (FIXBENCH_TEMPLATES_DIR n&apos;est pas défini). Réinstallez fixbench, compilez la cible `fixbench` (elle copie templates/ dans l&apos;arbre de compilation), ou faites pointer FIXBENCH_TEMPLATES_DIR sur un dossier de modèles</translation>
    </message>
    <message>
        <source>no template `%1` in %2; available templates: %3</source>
        <translation>pas de modèle `%1` dans %2&#xa0;; modèles disponibles&#xa0;: %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%1 already exists; nothing was changed (choose another name, or remove that folder first)</source>
        <translation>%1 existe déjà&#xa0;; rien n&apos;a été modifié (choisissez un autre nom, ou supprimez d&apos;abord ce dossier)</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot set the permissions of %1</source>
        <translation>impossible de définir les permissions de %1</translation>
    </message>
    <message>
        <source>cannot rename %1 to %2</source>
        <translation>impossible de renommer %1 en %2</translation>
    </message>
</context>
<context>
    <name>fixbench::TerminalLauncher</name>
    <message>
        <source>No terminal found on PATH (x-terminal-emulator, gnome-terminal, konsole, xfce4-terminal, xterm); set one with Tests ▸ Terminal Command…</source>
        <translation>Aucun terminal trouvé dans le PATH (x-terminal-emulator, gnome-terminal, konsole, xfce4-terminal, xterm)&#xa0;; définissez-en un avec Tests ▸ Commande du terminal…</translation>
    </message>
    <message>
        <source>Press Enter to close this window.</source>
        <translation>Appuyez sur Entrée pour fermer cette fenêtre.</translation>
    </message>
    <message>
        <source>The terminal command&apos;s program `%1` was not found (Tests ▸ Terminal Command…: %2)</source>
        <translation>Le programme `%1` de la commande du terminal est introuvable (Tests ▸ Commande du terminal…&#xa0;: %2)</translation>
    </message>
    <message>
        <source>Cannot start the terminal `%1`: %2</source>
        <translation>Impossible de lancer le terminal `%1`&#xa0;: %2</translation>
    </message>
    <message>
        <source>The terminal command failed (exit code %1): %2</source>
        <translation>La commande du terminal a échoué (code de sortie %1)&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::TestDiscovery</name>
    <message>
        <source>unexpected line in the test list: `%1`</source>
        <translation>ligne inattendue dans la liste des tests&#xa0;: `%1`</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at offset %3</source>
        <translation>%1 n&apos;est pas du JSON valide&#xa0;: %2 à la position %3</translation>
    </message>
    <message>
        <source>%1 has no `testsuites` array; is it a GoogleTest list?</source>
        <translation>%1 n&apos;a pas de tableau `testsuites`&#xa0;; est-ce bien une liste GoogleTest&#xa0;?</translation>
    </message>
    <message>
        <source>test binary `%1`: %2 does not exist; build it first</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;existe pas&#xa0;; compilez-le d&apos;abord</translation>
    </message>
    <message>
        <source>test binary `%1`: %2 is not an executable file</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;est pas un fichier exécutable</translation>
    </message>
    <message>
        <source>cannot create a temporary folder: %1</source>
        <translation>impossible de créer un dossier temporaire&#xa0;: %1</translation>
    </message>
    <message>
        <source>test binary `%1`: cannot start %2: %3</source>
        <translation>binaire de test `%1`&#xa0;: impossible de lancer %2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>fixbench::TestReportJson</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation>%1 n&apos;est pas du JSON valide&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 has no `binaries` array; is it a fixbench results file?</source>
        <translation>%1 n&apos;a pas de tableau `binaries`&#xa0;; est-ce bien un fichier de résultats fixbench&#xa0;?</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>fixbench::TestRun</name>
    <message>
        <source>a raw gtest filter cannot be combined with a selection of suites or tests</source>
        <translation>un filtre gtest brut ne peut pas être combiné avec une sélection de suites ou de tests</translation>
    </message>
</context>
<context>
    <name>fixbench::TestRunner</name>
    <message>
        <source>test binary `%1`: %2 does not exist; build it first</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;existe pas&#xa0;; compilez-le d&apos;abord</translation>
    </message>
    <message>
        <source>test binary `%1`: %2 is not an executable file</source>
        <translation>binaire de test `%1`&#xa0;: %2 n&apos;est pas un fichier exécutable</translation>
    </message>
    <message>
        <source>cannot create a temporary folder: %1</source>
        <translation>impossible de créer un dossier temporaire&#xa0;: %1</translation>
    </message>
    <message>
        <source>test binary `%1`: cannot start %2: %3</source>
        <translation>binaire de test `%1`&#xa0;: impossible de lancer %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>not started: the run was stopped</source>
        <translation>non démarré&#xa0;: l&apos;exécution a été arrêtée</translation>
    </message>
    <message>
        <source>%1 test(s) did not run and cannot be named: %2</source>
        <translation>%1 test(s) non exécuté(s) et impossible(s) à nommer&#xa0;: %2</translation>
    </message>
    <message>
        <source>the gtest JSON report could not be used (%1): the results come from the console output alone (failures outside any test, disabled tests and exact failure messages may be missing)</source>
        <translation>le rapport JSON gtest n’a pas pu être utilisé (%1)&#xa0;: les résultats proviennent de la seule sortie console (les échecs hors de tout test, les tests désactivés et les messages d’échec exacts peuvent manquer)</translation>
    </message>
</context>
<context>
    <name>fixbench::TestShard</name>
    <message>
        <source>--shard wants K/N with 1 &lt;= K &lt;= N (e.g. 2/3), not `%1`</source>
        <translation>--shard attend K/N avec 1 &lt;= K &lt;= N (par ex. 2/3), pas `%1`</translation>
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
    <message>
        <source>Outside any test</source>
        <translation>Hors de tout test</translation>
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
        <translation>Instance des fixtures que l’exécution démarre ou rejoint (comme `fixbench run --instance`)&#xa0;; vide&#xa0;: l’instance par défaut</translation>
    </message>
    <message>
        <source>Bringing %1 up…</source>
        <translation>Démarrage de %1…</translation>
    </message>
    <message>
        <source>Bringing %1 (instance %2) up…</source>
        <translation>Démarrage de %1 (instance %2)…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 could not be brought up: %2</source>
        <translation>%1 n&apos;a pas pu être démarrée&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: %2 failed: %3</source>
        <translation>%1&#xa0;: échec de %2&#xa0;: %3</translation>
    </message>
    <message numerus="yes">
        <source>Running %n test binary(ies)…</source>
        <translation>
            <numerusform>Exécution de %n binaire de test…</numerusform>
            <numerusform>Exécution de %n binaires de test…</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>no timeout</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source>Kill a test (and everything it started) that runs longer than this; it is reported as timed out (as `fixbench run --timeout`; 0: never)</source>
        <translation>Tuer un test (et tout ce qu’il a lancé) qui dure plus que ce délai&#xa0;; il est signalé comme ayant dépassé le délai (comme `fixbench run --timeout`&#xa0;; 0&#xa0;: jamais)</translation>
    </message>
    <message>
        <source>No checked test matches the filter “%1”: nothing to run</source>
        <translation>Aucun test coché ne correspond au filtre «&#xa0;%1&#xa0;»&#xa0;: rien à exécuter</translation>
    </message>
    <message numerus="yes">
        <source>Running the checked tests the filter shows; %n checked test(s) it hides are not run</source>
        <translation>
            <numerusform>Exécution des tests cochés que montre le filtre&#xa0;; %n test coché qu’il masque n’est pas exécuté</numerusform>
            <numerusform>Exécution des tests cochés que montre le filtre&#xa0;; %n tests cochés qu’il masque ne sont pas exécutés</numerusform>
        </translation>
    </message>
    <message>
        <source>The test list is unchanged: %1</source>
        <translation>La liste des tests est inchangée&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>fixbench.yml changed: %n test binary(ies)</source>
        <translation>
            <numerusform>fixbench.yml modifié&#xa0;: %n binaire de test</numerusform>
            <numerusform>fixbench.yml modifié&#xa0;: %n binaires de test</numerusform>
        </translation>
    </message>
    <message>
        <source>Rerun on Rebuild</source>
        <translation>Relancer à la recompilation</translation>
    </message>
    <message>
        <source>Run a binary&apos;s tests again each time it is rebuilt (its last run&apos;s tests), against the fixtures already up</source>
        <translation>Relancer les tests d&apos;un binaire chaque fois qu&apos;il est recompilé (ceux de sa dernière exécution), sur les fixtures déjà démarrées</translation>
    </message>
    <message>
        <source>De&amp;bug</source>
        <translation>Dé&amp;boguer</translation>
    </message>
    <message>
        <source>Run the selected tests under gdb in a terminal (`fixbench debug`): their fixtures up, the environment, folder and arguments of a run, stopping at the first failing assertion</source>
        <translation>Exécuter les tests sélectionnés sous gdb dans un terminal (`fixbench debug`)&#xa0;: leurs fixtures démarrées, l&apos;environnement, le dossier et les arguments d&apos;une exécution, avec arrêt à la première assertion en échec</translation>
    </message>
    <message>
        <source>E&amp;xport for IDE…</source>
        <translation>E&amp;xporter pour l&apos;IDE…</translation>
    </message>
    <message>
        <source>Write a VS Code launch configuration (gdb) for the selected tests, with the environment of a run, and a dotenv file of it</source>
        <translation>Écrire une configuration de lancement VS Code (gdb) pour les tests sélectionnés, avec l&apos;environnement d&apos;une exécution, ainsi qu&apos;un fichier dotenv de cet environnement</translation>
    </message>
    <message>
        <source>&amp;Terminal Command…</source>
        <translation>Commande du te&amp;rminal…</translation>
    </message>
    <message>
        <source>The terminal Debug runs gdb in</source>
        <translation>Le terminal dans lequel Déboguer lance gdb</translation>
    </message>
    <message>
        <source>Collect &amp;Artifacts…</source>
        <translation>&amp;Collecter les artefacts…</translation>
    </message>
    <message>
        <source>After a failed run: write its fixtures&apos; logs, inspect output, environment (secrets masked) and FTP files, and the run&apos;s reports, into a new or empty folder (as `fixbench run --artifacts`)</source>
        <translation>Après une exécution en échec&#xa0;: écrire les journaux de ses fixtures, la sortie d&apos;inspect, l&apos;environnement (secrets masqués) et les fichiers FTP, ainsi que les rapports de l&apos;exécution, dans un dossier nouveau ou vide (comme `fixbench run --artifacts`)</translation>
    </message>
    <message>
        <source>Collect Artifacts Into (a New or Empty Folder)</source>
        <translation>Collecter les artefacts dans (un dossier nouveau ou vide)</translation>
    </message>
    <message numerus="yes">
        <source>Artifacts collected in %1 (%n file(s))</source>
        <translation>
            <numerusform>Artefacts collectés dans %1 (%n fichier)</numerusform>
            <numerusform>Artefacts collectés dans %1 (%n fichiers)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Artifacts collected in %1 (%n file(s)); not collected: %2</source>
        <translation>
            <numerusform>Artefacts collectés dans %1 (%n fichier)&#xa0;; non collectés&#xa0;: %2</numerusform>
            <numerusform>Artefacts collectés dans %1 (%n fichiers)&#xa0;; non collectés&#xa0;: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Rebuilt: running %1 again</source>
        <translation>Recompilé&#xa0;: nouvelle exécution de %1</translation>
    </message>
    <message>
        <source>Debugging %1 in a terminal</source>
        <translation>Débogage de %1 dans un terminal</translation>
    </message>
    <message>
        <source>Debug: %1
Debug Command… shows the command line to run in a terminal yourself.</source>
        <translation>Débogage&#xa0;: %1
Commande de débogage… affiche la ligne de commande à lancer vous-même dans un terminal.</translation>
    </message>
    <message>
        <source>Debug: no terminal could be started (see the Tests panel)</source>
        <translation>Débogage&#xa0;: aucun terminal n&apos;a pu être lancé (voir le panneau Tests)</translation>
    </message>
    <message>
        <source>Terminal Command</source>
        <translation>Commande du terminal</translation>
    </message>
    <message>
        <source>Terminal that Debug runs `fixbench debug` in: the command&apos;s words follow it (quote as in a shell),
e.g. gnome-terminal --, konsole -e, xterm -e; empty: the first found on PATH:</source>
        <translation>Terminal dans lequel Déboguer lance `fixbench debug`&#xa0;: les mots de la commande le suivent (guillemets comme dans un shell),
par ex. gnome-terminal --, konsole -e, xterm -e&#xa0;; vide&#xa0;: le premier trouvé dans le PATH&#xa0;:</translation>
    </message>
    <message>
        <source>no test selected</source>
        <translation>aucun test sélectionné</translation>
    </message>
    <message>
        <source>%1 is not up: bring it up first, its ports are known only then</source>
        <translation>%1 n&apos;est pas démarrée&#xa0;: démarrez-la d&apos;abord, ses ports ne sont connus qu&apos;ensuite</translation>
    </message>
    <message>
        <source>Export for IDE: VS Code launch.json</source>
        <translation>Exporter pour l&apos;IDE&#xa0;: launch.json de VS Code</translation>
    </message>
    <message>
        <source>launch.json (*.json)</source>
        <translation>launch.json (*.json)</translation>
    </message>
    <message>
        <source>Export for IDE</source>
        <translation>Exporter pour l&apos;IDE</translation>
    </message>
    <message>
        <source>Wrote the configuration to %1 (merged: other configurations kept)</source>
        <translation>Configuration écrite dans %1 (fusionnée&#xa0;: les autres configurations sont conservées)</translation>
    </message>
    <message>
        <source>Wrote the variables to %1</source>
        <translation>Variables écrites dans %1</translation>
    </message>
    <message>
        <source>Both hold secret values: they are readable by you only; do not commit them.</source>
        <translation>Les deux contiennent des valeurs secrètes&#xa0;: ils ne sont lisibles que par vous&#xa0;; ne les ajoutez pas au dépôt.</translation>
    </message>
</context>
<context>
    <name>fixbench::TimelineView</name>
    <message>
        <source>Run tests to see the run on a time axis.</source>
        <translation>Exécutez des tests pour voir l&apos;exécution sur un axe du temps.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>fixture %1</source>
        <translation>fixture %1</translation>
    </message>
    <message>
        <source>binary %1</source>
        <translation>binaire %1</translation>
    </message>
    <message>
        <source>up: compose, readiness, hooks</source>
        <translation>démarrage&#xa0;: compose, disponibilité, hooks</translation>
    </message>
    <message>
        <source>tests</source>
        <translation>tests</translation>
    </message>
    <message>
        <source>%1 — %2, %3 s</source>
        <translation>%1 — %2, %3 s</translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation>inachevé</translation>
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
    <name>fixbench::Utf8</name>
    <message>
        <source>not UTF-8 (byte 0x%1 at offset %2); save the file as UTF-8</source>
        <translation>pas en UTF-8 (octet 0x%1 à la position %2)&#xa0;; enregistrez le fichier en UTF-8</translation>
    </message>
</context>
<context>
    <name>fixbench::Workspace</name>
    <message>
        <source>a map with `name`, `path`, `fixtures` and `env`</source>
        <translation>un dictionnaire avec `name`, `path`, `fixtures` et `env`</translation>
    </message>
    <message>
        <source>a test name</source>
        <translation>un nom de test</translation>
    </message>
    <message>
        <source>the path of a test binary</source>
        <translation>le chemin d&apos;un binaire de test</translation>
    </message>
    <message>
        <source>a fixture (folder) name</source>
        <translation>un nom de fixture (de dossier)</translation>
    </message>
    <message>
        <source>%1: `%2` is not a valid variable name; use letters, digits and `_`, not starting with a digit</source>
        <translation>%1&#xa0;: `%2` n&apos;est pas un nom de variable valide&#xa0;; utilisez des lettres, des chiffres et `_`, sans commencer par un chiffre</translation>
    </message>
    <message>
        <source>a string, a number or true/false</source>
        <translation>une chaîne, un nombre ou true/false</translation>
    </message>
    <message>
        <source>%1: `name` is required</source>
        <translation>%1&#xa0;: `name` est obligatoire</translation>
    </message>
    <message>
        <source>%1: `path` is required (the test binary, relative to %2)</source>
        <translation>%1&#xa0;: `path` est obligatoire (le binaire de test, relatif à %2)</translation>
    </message>
    <message>
        <source>no fixture `%1` in %2</source>
        <translation>pas de fixture `%1` dans %2</translation>
    </message>
    <message>
        <source>; there are no fixtures yet: a fixture is a folder holding fixture.yml and a compose file</source>
        <translation>&#xa0;; il n&apos;y a pas encore de fixture&#xa0;: une fixture est un dossier contenant fixture.yml et un fichier compose</translation>
    </message>
    <message>
        <source>; available fixtures: %1</source>
        <translation>&#xa0;; fixtures disponibles&#xa0;: %1</translation>
    </message>
    <message>
        <source>no %1 in %2</source>
        <translation>pas de %1 dans %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>a map of settings (%1)</source>
        <translation>un dictionnaire de réglages (%1)</translation>
    </message>
    <message>
        <source>a workspace name</source>
        <translation>un nom d&apos;espace de travail</translation>
    </message>
    <message>
        <source>the folder holding the fixtures</source>
        <translation>le dossier contenant les fixtures</translation>
    </message>
    <message>
        <source>a list of tests (`- name: ...`)</source>
        <translation>une liste de tests (`- name: ...`)</translation>
    </message>
    <message>
        <source>%1: a test named `%2` is already defined at line %3; test names must be unique</source>
        <translation>%1&#xa0;: un test nommé `%2` est déjà défini à la ligne %3&#xa0;; les noms de tests doivent être uniques</translation>
    </message>
    <message>
        <source>%1 already exists; nothing was changed (it is a workspace already: add fixtures with `fixbench new NAME --template T`)</source>
        <translation>%1 existe déjà&#xa0;; rien n&apos;a été modifié (c&apos;est déjà un espace de travail&#xa0;: ajoutez des fixtures avec `fixbench new NAME --template T`)</translation>
    </message>
    <message>
        <source>`%1` is not a usable workspace name; pass one with --name</source>
        <translation>`%1` n&apos;est pas un nom d&apos;espace de travail utilisable&#xa0;; indiquez-en un avec --name</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>impossible de créer %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>no %1 in %2 or any folder above it; run from inside a workspace or create %1</source>
        <translation>pas de %1 dans %2 ni dans aucun dossier parent&#xa0;; lancez la commande depuis un espace de travail ou créez %1</translation>
    </message>
    <message>
        <source>is a file, not a folder</source>
        <translation>est un fichier, pas un dossier</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>est un dossier, pas un fichier</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>n’est pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>is a symbolic link loop</source>
        <translation>est une boucle de liens symboliques</translation>
    </message>
    <message>
        <source>is a symbolic link to %1, which does not exist</source>
        <translation>est un lien symbolique vers %1, qui n’existe pas</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>n’existe pas</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>ne peut pas être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>the fixtures folder %1 %2; fixbench.yml&apos;s `fixtures:` names the folder holding one folder per fixture (default: fixtures)</source>
        <translation>le dossier des fixtures %1 %2&#xa0;; `fixtures:` dans fixbench.yml nomme le dossier contenant un dossier par fixture (par défaut&#xa0;: fixtures)</translation>
    </message>
    <message>
        <source>the fixture folder name is not UTF-8; rename the folder (fixture names are part of compose project names and labels)</source>
        <translation>le nom du dossier de la fixture n’est pas en UTF-8&#xa0;; renommez le dossier (les noms de fixtures font partie des noms et des labels des projets compose)</translation>
    </message>
    <message>
        <source>fixture.yml %1; a fixture is a folder holding a fixture.yml file and a compose file</source>
        <translation>fixture.yml %1&#xa0;; une fixture est un dossier contenant un fichier fixture.yml et un fichier compose</translation>
    </message>
    <message>
        <source>no fixture `%1`: %2</source>
        <translation>pas de fixture `%1`&#xa0;: %2</translation>
    </message>
    <message>
        <source>; no usable fixtures there</source>
        <translation>&#xa0;; aucune fixture n’y est utilisable</translation>
    </message>
</context>
<context>
    <name>fixbench::yaml</name>
    <message>
        <source>invalid YAML: %1</source>
        <translation>YAML invalide&#xa0;: %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>rien</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <source>a map</source>
        <translation>un dictionnaire</translation>
    </message>
    <message>
        <source>expected %1, found %2</source>
        <translation>attendu&#xa0;: %1&#xa0;; trouvé&#xa0;: %2</translation>
    </message>
    <message>
        <source>keys must be plain names, found %1</source>
        <translation>les clés doivent être des noms simples, trouvé&#xa0;: %1</translation>
    </message>
    <message>
        <source>duplicate key `%1` (first defined at line %2); remove one</source>
        <translation>clé `%1` en double (définie d&apos;abord à la ligne %2)&#xa0;; supprimez-en une</translation>
    </message>
    <message>
        <source>unknown key `%1`</source>
        <translation>clé inconnue `%1`</translation>
    </message>
    <message>
        <source>unknown key `%1` in `%2`</source>
        <translation>clé inconnue `%1` dans `%2`</translation>
    </message>
    <message>
        <source> (did you mean `%1`?)</source>
        <translation> (vouliez-vous dire `%1`&#xa0;?)</translation>
    </message>
    <message>
        <source>; allowed keys: %1</source>
        <translation>&#xa0;; clés autorisées&#xa0;: %1</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>`%1` must be true or false, found %2</source>
        <translation>`%1` doit valoir true ou false, trouvé&#xa0;: %2</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>un nombre entier de %1 à %2</translation>
    </message>
    <message>
        <source>a duration such as `30s`, `500ms`, `2m` or a number of seconds</source>
        <translation>une durée telle que `30s`, `500ms`, `2m` ou un nombre de secondes</translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation>une liste de chaînes</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The fixbench workbench: fixtures, their logs and environment, in one window.</source>
        <translation>L&apos;établi fixbench&#xa0;: les fixtures, leurs journaux et leur environnement, dans une seule fenêtre.</translation>
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
