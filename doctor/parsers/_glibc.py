"""glibc's translations of strerror(ENOENT), "No such file or directory" (glibc 2.23-2.40 po/*.po), one pattern the
parsers share: a shell that cannot find a program (shell.py), a shell or coreutils tool that cannot open a tty, and
a translated tool's generic "cannot open <port>: <strerror>" (serial_errors.py)."""

ENOENT_L10N = (r"(?:Datei oder Verzeichnis nicht gefunden|Aucun fichier ou dossier de ce (?:type|nom)|No existe el fichero o el directorio"
               r"|Tiedostoa tai hakemistoa ei ole|File o directory non esistente|Ficheiro ou pasta inexistente|Arquivo ou diretório inexistente"
               r"|Нет такого файла или каталога|Nie ma takiego pliku ani katalogu|Bestand of map bestaat niet|Adresář nebo soubor neexistuje"
               r"|Filen eller katalogen finns inte|そのようなファイルやディレクトリはありません|没有那个文件或目录|沒有此一檔案或目錄"
               r"|Немає такого файла або каталогу|Nincs ilyen fájl vagy könyvtár|Böyle bir dosya ya da dizin yok|Ingen (?:sådan|slik) fil eller filkatalog"
               r"|그런 파일이나 디렉터리가 없습니다|Nu există un astfel de fișier sau director|Adresár alebo súbor neexistuje)")
