# Sourced by the USSD benches: the cooperative they talk to, in $T (a
# kasir, 50 members on numbers of their own, 12 prices) and a kopdesd
# config listening on a free port, $PORT, with the secret "bench".
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
mkdir -p "$T/phone"
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "dummy"; model = "dummy"; connection = "none"; device = "$T/phone"; } );
rate_limit = { messages = 100000; per_seconds = 600; };
http = { listen = "127.0.0.1"; port = $PORT; secret = "bench"; };
log = { level = "warning"; };
CONF
"$CTL" -c "$T/kopdes.conf" init >/dev/null
"$CTL" -c "$T/kopdes.conf" member add --phone 081100000001 --name Kasir --role kasir --pin 5303 >/dev/null
i=1
while [ $i -le 50 ]; do
	"$CTL" -c "$T/kopdes.conf" member add --phone "0813100000$(printf %02d $i)" \
	    --name "Anggota $i" --pin 2580 >/dev/null
	i=$((i + 1))
done
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$CTL" -c "$T/kopdes.conf" price set "Barang $i" "${i}000" --unit kg >/dev/null
done
