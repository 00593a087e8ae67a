package advisor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testNow is the clock of the extraction tests.
var testNow = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)

func usdMoney(amount float64, text string) *Money {
	return &Money{Amount: amount, Currency: "USD", USD: amount, Text: text}
}

func mustPaste(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "extract", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// extractCase is one paste and the facts it must give. Spans and Question
// are checked by their own tests.
type extractCase struct {
	name string
	text string // or file, a paste in testdata/extract
	file string
	now  time.Time
	want Facts
}

func extractCases() []extractCase {
	return []extractCase{
		// Cases of ../shared/eval/sample.jsonl, inputs verbatim.
		{name: "ho-002 bank change to Hong Kong", text: "Got this right before we wire the 70% balance, copy paste:\n\n\"Dear Valued Customer,\nPlease kindly note our usual account at Bank of China is under annual audit and temporary can not receive USD until end of month. Kindly arrange the balance USD 23,400 to our new account below asap, otherwise container will miss the vessel this Friday and storage charge will be on your side.\nBeneficiary: GOLDEN H*** TRADING LIMITED\nBank: DBS Bank (Hong Kong) Ltd\nAcc: 7890xxxxxx\nBest regards, Cindy\"\n\nour PI and the alibaba store both say Ningbo ___ Houseware Co., Ltd and we always paid TT direct to their BOC acct. sender address looks same as always",
			want: Facts{SupplierName: "Ningbo ___ Houseware Co., Ltd", SupplierCountry: "China", SupplierCity: "Ningbo",
				OrderAmountUSD: floatp(23400), OrderAmount: usdMoney(23400, "USD 23,400"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "GOLDEN H*** TRADING LIMITED", BankName: "DBS Bank (Hong Kong) Ltd", AccountNumber: "7890xxxxxx",
				BankCountry: "Hong Kong", BeneficiaryCountry: "Hong Kong", SupplierContent: true}},
		{name: "ho-044 UK supplier, bank in Nigeria", text: "supplier listed as 'Brighton ___ Supplies Ltd, United Kingdom' selling generators. PI says pay to a bank in Lagos, Nigeria, 'our payment office'. 40% deposit $5,600",
			want: Facts{SupplierName: "Brighton ___ Supplies Ltd", SupplierCountry: "United Kingdom",
				OrderAmountUSD: floatp(5600), OrderAmount: usdMoney(5600, "$5,600"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BankCountry: "Nigeria", BeneficiaryCountry: "Nigeria", SupplierContent: true}},
		{name: "ho-077 order over TA limit", text: "profile: Verified | 3 yrs | Trade Assurance: US $5,000. our order is $9,800 (yoga mats). supplier: 'no problem, we split into 2 TA orders of $4,900 each, both fully protected'. true?",
			want: Facts{Verified: boolp(true), YearsOnPlatform: intp(3), TradeAssuranceLimitUSD: floatp(5000),
				OrderAmountUSD: floatp(9800), OrderAmount: usdMoney(9800, "$9,800"),
				PaymentMethod: PayAlibaba, PaymentMethods: []string{PayAlibaba}, SupplierContent: true}},
		{name: "ho-080 weak profile, no TA", text: "Store rating 2.9/5 (31 reviews) - recent ones: 'never received goods', 'stopped replying after payment'\nYears on Alibaba: 2 yrs | Gold Supplier, not verified\nTrade Assurance: US $0\nthey want 50% TT to start production on 4,000 phone holders ($5,200)",
			want: Facts{Rating: floatp(2.9), ReviewCount: intp(31), YearsOnPlatform: intp(2), GoldSupplier: boolp(true),
				Verified: boolp(false), TradeAssuranceLimitUSD: floatp(0),
				OrderAmountUSD: floatp(5200), OrderAmount: usdMoney(5200, "$5,200"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending", SupplierContent: true}},
		{name: "ho-005 personal and third-party accounts", text: "repeat order w/ a machinery factory in Zhejiang (1st order last yr went fine, we had it inspected). the sales girl lately answers sometimes from her company mail and sometimes from a 163.com address. now from the 163 one she sends TWO accounts for the balance: a personal account in her own name, and 'Hangzhou R*** Import Export Co.' - says pay either one. our PI is from Zhejiang ___ Machinery Co., Ltd. thoughts?",
			want: Facts{SupplierName: "Zhejiang ___ Machinery Co., Ltd.", SupplierCountry: "China",
				BeneficiaryName: "Hangzhou R*** Import Export Co.", PaymentMethod: PayTT, PaymentMethods: []string{PayTT},
				PaymentStatus: "pending", Domains: []string{"163.com"}, SupplierContent: true}},
		{name: "ho-036 deposit already wired", text: "wired 30% deposit USD 12,500 three weeks ago (TT, not TA 🤦). promised production photos never came, wechat silent, and now their alibaba store shows 'temporarily suspended'. no chinese holiday rn. what do i do, step by step",
			want: Facts{OrderAmountUSD: floatp(12500), OrderAmount: usdMoney(12500, "USD 12,500"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "paid", SupplierContent: true}},
		{name: "ho-054 sample fee, not an order", text: "makeup brush factory charged $100 sample fee + $40 DHL. they quoted MOQ 1000/style, after negotiating we ordered 500/style and now they say no sample fee refund. also they'd only ever refund the $100, not the $40 shipping. scam or normal?",
			want: Facts{SupplierContent: true}},
		{name: "ho-037 Zhejiang supplier wants 100%", text: "been buying a small accessory from a Zhejiang supplier for 8 months. started prepaid, then 30% deposit + balance before dispatch. now i tripled the order and they want 100% before production, even though unit price and delivery were already agreed by email. middle ground ideas? staged payments? a short written agreement?",
			want: Facts{SupplierCountry: "China", PaymentStatus: "pending", SupplierContent: true}},
		{name: "ho-098 general question", text: "is trade assurance enough protection for a first order or do i need more?",
			want: Facts{}},
		{name: "ho-105 general question", text: "TA says it refunds the 'covered amount' - is that the whole order or just the deposit?",
			want: Facts{}},
		{name: "ho-101 question about samples", text: "are samples covered by trade assurance? paying $180 for 3 samples",
			want: Facts{}},
		{name: "ho-090 dispute window question", text: "how many days do I have to open a dispute on a trade assurance order?",
			want: Facts{PaymentMethod: PayAlibaba, PaymentMethods: []string{PayAlibaba}}},
		{name: "ho-083 TA order draft", text: "supplier drafted the Trade Assurance order for me to review: 2,000 pcs silicone lids, $1.85/pc, ship-by date June 20, FOB Xiamen (shipping fee left blank since our forwarder picks up), our spec sheet + approved sample photos attached, 30% initial payment then balance. asks me to confirm and pay in the order page. anything wrong?",
			want: Facts{UnitPrices: []Money{*usdMoney(1.85, "$1.85")},
				OrderAmountUSD: floatp(3700), OrderAmount: usdMoney(3700, "2,000 pcs silicone lids, $1.85"),
				ShipmentDate: "2026-06-20", PaymentMethod: PayAlibaba, PaymentMethods: []string{PayAlibaba},
				PaymentStatus: "pending", SupplierContent: true}},
		{name: "ho-070 re-quote", text: "supplier quoted $3.40 in march for plain box packing. we then added a custom printed gift box + insert, now they re-quote $3.95 before PO. no deposit paid yet. bait & switch?",
			want: Facts{UnitPrices: []Money{*usdMoney(3.40, "$3.40"), *usdMoney(3.95, "$3.95")}, SupplierContent: true}},
		{name: "ho-055 sock factory terms", text: "sock factory terms:\n1) custom sample USD 100/design, refunded if order > 2,000 pairs/style\n2) stock samples free (max 2 pairs/style, 10 styles), buyer pays express\n3) bulk: 20% deposit, 30% when materials arrive and knitting starts, 50% before shipping\ncompany on license and PI: Shenzhen Xinhaiyi Knitwear Co.\nwe'll run it as a TA order. Verified 6 yrs",
			want: Facts{SupplierName: "Shenzhen Xinhaiyi Knitwear Co.", SupplierCountry: "China", SupplierCity: "Shenzhen",
				Verified: boolp(true), YearsOnPlatform: intp(6), UnitPrices: []Money{*usdMoney(100, "USD 100")},
				PaymentMethod: PayAlibaba, PaymentMethods: []string{PayAlibaba}, SupplierContent: true}},
		{name: "ho-052 published payment policy", text: "wooden box supplier: orders under US$5,000 = full payment when order confirmed; 5-20k = 50% then balance against copy of shipping docs; over 20k = L/C at sight. min order 1/3 of a 20ft container or US$3,000. sample free if under $10, else 5x price, deducted from the order. our order is $4,100 so they want 100% now, via a Trade Assurance order. Verified 7 yrs. red flag?",
			want: Facts{Verified: boolp(true), YearsOnPlatform: intp(7), OrderAmountUSD: floatp(4100), OrderAmount: usdMoney(4100, "$4,100"),
				PaymentMethod: PayAlibaba, PaymentMethods: []string{PayLC, PayAlibaba}, PaymentStatus: "pending", SupplierContent: true}},
		{name: "ho-072 quotes", text: "quotes for 304 stainless tumblers: 3 suppliers at $2.55-2.70, one at $2.10. asked why, they said theirs is 201 steel not 304 and a thinner 0.5mm wall. all TA suppliers. so basically not the same product?",
			want: Facts{UnitPrices: []Money{*usdMoney(2.55, "$2.55"), *usdMoney(2.70, "2.70"), *usdMoney(2.10, "$2.10")}, SupplierContent: true}},
		{name: "ho-041 domain registration scam", text: "weird email from a 'Shanghai domain registration center': a client 'Hongda Investment' applied to register ourbrand.cn + ourbrand.com.cn + our keyword in china, but 'for ethical reasons' they give us priority. need to reply in 48h and pay the registration fee or they approve the other company. we are a small US importer, is this real?",
			want: Facts{SupplierCountry: "China", SupplierCity: "Shanghai", PaymentStatus: "pending",
				Domains: []string{"ourbrand.cn", "ourbrand.com.cn"}, SupplierContent: true}},
		{name: "ho-022 certificate", text: "kids toy supplier sent a CE cert PDF. the test lab is some local lab i can't find anywhere and the model on the cert is different from ours. when i said we'll send samples to our own lab (intertek) they said 'not necessary, certificate enough, many customers accept'. order is 3,000 pcs for the EU.",
			want: Facts{SupplierContent: true}},
		{name: "ho-043 trademark squatting", text: "our brand XYZ (shoes) has been made in china for 3 yrs. never registered the TM in china since we don't sell there. now our goods are held at export because a local company registered XYZ for shoes in china. how is that even legal??",
			want: Facts{SupplierCountry: "China"}},
		{name: "ho-042 knock-offs", text: "we're a US brand, have a US patent + US trademark. our own china supplier got full drawings from us (no NNN 😬). now i see our exact design, with our logo, on alibaba sold by two other stores. can i just report them to alibaba?",
			want: Facts{SupplierCountry: "China", SupplierContent: true}},

		// Realistic pastes in testdata/extract.
		{name: "profile of a verified manufacturer", file: "profile_manufacturer.txt",
			want: Facts{SupplierName: "Ningbo Beilun Yongsheng Houseware Co., Ltd.", SupplierCountry: "China", SupplierCity: "Ningbo",
				Verified: boolp(true), YearsOnPlatform: intp(7), BusinessType: "manufacturer", Rating: floatp(4.8),
				ReviewCount: intp(125), ResponseRate: floatp(96), OnTimeDeliveryRate: floatp(98.5),
				TransactionVolUSD: floatp(1e6), TradeAssuranceLimitUSD: floatp(150000), SupplierContent: true}},
		{name: "profile of a gold trading company", file: "profile_trading.txt",
			want: Facts{SupplierName: "Shenzhen Huaxin Global Trading Co.,Ltd", SupplierCountry: "China", SupplierCity: "Shenzhen",
				GoldSupplier: boolp(true), YearsOnPlatform: intp(2), BusinessType: "trading company", Transactions: intp(14),
				TransactionVolUSD: floatp(18000), ResponseRate: floatp(71), OnTimeDeliveryRate: floatp(86),
				ReviewCount: intp(2), Rating: floatp(3.9), TradeAssuranceLimitUSD: floatp(10000), SupplierContent: true}},
		{name: "proforma invoice paying a Hong Kong company", file: "pi_hk_bank.txt",
			want: Facts{SupplierName: "Ningbo Beilun Yongsheng Houseware Co., Ltd.", SupplierCountry: "China", SupplierCity: "Ningbo",
				UnitPrices:     []Money{*usdMoney(1.85, "US$1.85"), *usdMoney(1.40, "US$1.40")},
				OrderAmountUSD: floatp(12050), OrderAmount: usdMoney(12050, "US$12,050.00"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "YONGSHENG HOUSEWARE (HK) LIMITED", BankName: "The Hongkong and Shanghai Banking Corporation Limited",
				SWIFT: "HSBCHKHHHKH", AccountNumber: "817-123456-838", BankCountry: "Hong Kong", BeneficiaryCountry: "Hong Kong",
				SupplierContent: true}},
		{name: "Chinese proforma invoice", file: "pi_zh.txt",
			want: Facts{SupplierName: "宁波市鄞州恒达家居用品有限公司", SupplierCountry: "China", SupplierCity: "Ningbo",
				UnitPrices:     []Money{*usdMoney(2.35, "USD 2.35")},
				OrderAmountUSD: floatp(7050), OrderAmount: usdMoney(7050, "USD 7,050"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "宁波市鄞州恒达家居用品有限公司", BankName: "中国银行宁波分行", SWIFT: "BKCHCNBJ92A",
				AccountNumber: "3561 2345 6789 0123", BankCountry: "China", BeneficiaryCountry: "China", SupplierContent: true}},
		{name: "Spanish proforma invoice", file: "pi_es.txt",
			want: Facts{OrderAmountUSD: floatp(18500), OrderAmount: usdMoney(18500, "18.500,00 USD"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "Comercializadora Textil del Norte S.A. de C.V.", BankName: "BBVA México", SWIFT: "BCMRMXMM",
				AccountNumber: "012180001234567891", BankCountry: "Mexico", BeneficiaryCountry: "Mexico", SupplierContent: true}},
		{name: "mixed-language chat, new Hong Kong account", file: "chat_bank_change_mixed.txt",
			want: Facts{SupplierName: "Ningbo Yinzhou Hengda Houseware Co., Ltd", SupplierCountry: "China", SupplierCity: "Ningbo",
				OrderAmountUSD: floatp(8400), OrderAmount: usdMoney(8400, "USD 8,400"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "HONG KONG XINDA INTERNATIONAL TRADING LIMITED", BankName: "HSBC Hong Kong", SWIFT: "HSBCHKHHHKH",
				AccountNumber: "004-578-123456-838", BankCountry: "Hong Kong", BeneficiaryCountry: "Hong Kong", SupplierContent: true}},
		{name: "crypto deposit", file: "chat_crypto.txt",
			want: Facts{SupplierCountry: "China", SupplierCity: "Guangzhou",
				OrderAmountUSD: floatp(3600), OrderAmount: &Money{Amount: 3600, Currency: "USDT", USD: 3600, Text: "USDT 3,600"},
				UnitPrices:    []Money{*usdMoney(10, "$10")},
				PaymentMethod: PayCrypto, PaymentMethods: []string{PayCrypto, PayPayPalFF}, SupplierContent: true}},
		{name: "delivered ten days ago", file: "story_delivered.txt",
			want: Facts{SupplierCountry: "China", SupplierCity: "Dongguan", OrderAmountUSD: floatp(6400), OrderAmount: usdMoney(6400, "$6,400"),
				PaymentMethod: PayAlibaba, PaymentMethods: []string{PayAlibaba}, PaymentStatus: "paid",
				DeliveryDate: "2026-05-22", Phones: []string{"+86 139 2233 4455"}, SupplierContent: true}},
		{name: "received on 3 Nov, paid outside TA", file: "story_received_nov.txt",
			want: Facts{OrderAmountUSD: floatp(21300), OrderAmount: usdMoney(21300, "US$21,300"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "paid",
				DeliveryDate: "2025-11-03", ReceiptDate: "2025-11-03",
				Emails: []string{"sales@yongkang-outdoor.com"}, Domains: []string{"yongkang-outdoor.com"}, SupplierContent: true}},
		{name: "IBAN of a personal European account", file: "iban_eu.txt",
			want: Facts{OrderAmountUSD: floatp(1296), OrderAmount: &Money{Amount: 1200, Currency: "EUR", USD: 1296, Text: "€1.200"},
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "Mr. Zhang Wei", IBAN: "DE89370400440532013000", SWIFT: "COBADEFFXXX",
				BankName: "Commerzbank AG, Frankfurt", BankCountry: "Germany", BeneficiaryCountry: "Germany", SupplierContent: true}},
		{name: "long thread: profile, chat, PI", file: "bench_4k.txt",
			want: Facts{SupplierName: "Yiwu Jiahe Crafts & Gifts Co., Ltd.", SupplierCountry: "China", SupplierCity: "Yiwu",
				Verified: boolp(true), YearsOnPlatform: intp(4), BusinessType: "trading company", Rating: floatp(4.3),
				ReviewCount: intp(58), ResponseRate: floatp(88), OnTimeDeliveryRate: floatp(91.2), TransactionVolUSD: floatp(310000),
				TradeAssuranceLimitUSD: floatp(20000),
				UnitPrices: []Money{*usdMoney(0.62, "US$0.62"), *usdMoney(0.38, "$0.38"), *usdMoney(0.70, "$0.70"),
					*usdMoney(0.75, "0.75"), *usdMoney(50, "US$50"), *usdMoney(0.62, "US$0.62"), *usdMoney(0.38, "US$0.38")},
				OrderAmountUSD: floatp(11240), OrderAmount: usdMoney(11240, "USD 11,240"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT, PayAlibaba}, PaymentStatus: "pending",
				BeneficiaryName: "JIAHE INTERNATIONAL HOLDINGS LIMITED", BankName: "Standard Chartered Bank (Hong Kong) Limited",
				SWIFT: "SCBLHKHHXXX", AccountNumber: "447-1-234567-8", BankCountry: "Hong Kong", BeneficiaryCountry: "Hong Kong",
				Emails: []string{"amy.jiahe@gmail.com"}, Phones: []string{"+86 159 8877 6655", "0579-8556 1234"},
				WeChatIDs: []string{"jiahe_mgr2019"}, URLs: []string{"http://jiahe-crafts-tracking.top/track?id=JH0514"},
				Domains: []string{"gmail.com", "jiahe-crafts-tracking.top"}, ShipmentDate: "2026-06-20", SupplierContent: true}},

		// Short pastes and buyer stories.
		{name: "gift cards for customs", text: "supplier says the customs fee must be paid with 4 Steam gift cards of $100 before they release the goods. normal??",
			want: Facts{PaymentMethod: PayGiftCard, PaymentMethods: []string{PayGiftCard}, SupplierContent: true}},
		{name: "Western Union to a person", text: "they asked me to send the deposit via Western Union to Li Wei in Guangzhou, US$2,000. is that ok?",
			want: Facts{PaymentMethod: PayWesternUnion, PaymentMethods: []string{PayWesternUnion}, PaymentStatus: "pending",
				OrderAmountUSD: floatp(2000), OrderAmount: usdMoney(2000, "US$2,000"), SupplierContent: true}},
		{name: "fake payment page and punycode", text: "Dear customer, please complete payment at https://alibaba-secure-pay.com/checkout?order=88213 or www.xn--alibba-u0a.com within 24 hours",
			want: Facts{URLs: []string{"https://alibaba-secure-pay.com/checkout?order=88213", "www.xn--alibba-u0a.com"},
				Domains: []string{"alibaba-secure-pay.com", "xn--alibba-u0a.com"}, PaymentStatus: "pending", SupplierContent: true}},
		{name: "bare look-alike domain", text: "the supplier said pay on alibaba-secure-pay.com since alibaba.com checkout is down",
			want: Facts{Domains: []string{"alibaba-secure-pay.com", "alibaba.com"}, SupplierContent: true}},
		{name: "Chinese account change to a person", text: "你好，我们的公司账户在审计，请把余款 USD 15,000 付到新账户：\n户名：李明\n账号：6222 0210 0112 3456 789\n开户行：中国工商银行深圳分行",
			want: Facts{OrderAmountUSD: floatp(15000), OrderAmount: usdMoney(15000, "USD 15,000"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending",
				BeneficiaryName: "李明", AccountNumber: "6222 0210 0112 3456 789", BankName: "中国工商银行深圳分行",
				BankCountry: "China", BeneficiaryCountry: "China", SupplierContent: true}},
		{name: "Chinese labels 银行 and 账户", text: "收款人：张伟\n银行：招商银行\n账户：6214 8301 2345 6789\n金额：RMB 35,000",
			want: Facts{BeneficiaryName: "张伟", BankName: "招商银行", AccountNumber: "6214 8301 2345 6789",
				OrderAmountUSD: floatp(4900), OrderAmount: &Money{Amount: 35000, Currency: "CNY", USD: 4900, Text: "RMB 35,000"},
				BankCountry: "China", BeneficiaryCountry: "China", PaymentMethod: PayTT, PaymentMethods: []string{PayTT},
				PaymentStatus: "pending", SupplierContent: true}},
		{name: "Spanish labels", text: "Titular: Importadora Rivera S.A.\nBanco: Banco Santander\nNúmero de cuenta: 0049 1500 0512 3456 7892\nPor favor realizar el pago del anticipo USD 4.500",
			want: Facts{BeneficiaryName: "Importadora Rivera S.A.", BankName: "Banco Santander", AccountNumber: "0049 1500 0512 3456 7892",
				OrderAmountUSD: floatp(4500), OrderAmount: usdMoney(4500, "USD 4.500"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, PaymentStatus: "pending", SupplierContent: true}},
		{name: "supplier label with a bracketed country", text: "Supplier: Dongguan Hengtai Electronics Technology Co., Ltd (China)\nContact: Mr. Chen, whatsapp +86-769-8888-1234, email chen@hengtai-elec.com\nPayment: 100% T/T in advance",
			want: Facts{SupplierName: "Dongguan Hengtai Electronics Technology Co., Ltd", SupplierCountry: "China", SupplierCity: "Dongguan",
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, Phones: []string{"+86-769-8888-1234"},
				Emails: []string{"chen@hengtai-elec.com"}, Domains: []string{"hengtai-elec.com"}, SupplierContent: true}},
		{name: "rest by Western Union", text: "my order: 500 sets x $12.50 = $6,250. paid 30% via alibaba, the rest they want by western union to the boss's name",
			want: Facts{UnitPrices: []Money{*usdMoney(12.5, "$12.50")}, OrderAmountUSD: floatp(6250), OrderAmount: usdMoney(6250, "$6,250"),
				PaymentMethod: PayWesternUnion, PaymentMethods: []string{PayAlibaba, PayWesternUnion}, PaymentStatus: "pending",
				SupplierContent: true}},
		{name: "total after MOQ", text: "Unit price: $3.20/pc, MOQ 2000 pcs, total $6,400, payment 30% deposit by TT, 70% against B/L copy",
			want: Facts{UnitPrices: []Money{*usdMoney(3.2, "$3.20")}, OrderAmountUSD: floatp(6400), OrderAmount: usdMoney(6400, "$6,400"),
				PaymentMethod: PayTT, PaymentMethods: []string{PayTT}, SupplierContent: true}},
		{name: "Spanish buyer story", text: "el proveedor de Shenzhen nos pidió pagar el 50% por Western Union a nombre de una persona. ¿es seguro?",
			want: Facts{SupplierCountry: "China", SupplierCity: "Shenzhen", PaymentMethod: PayWesternUnion,
				PaymentMethods: []string{PayWesternUnion}, PaymentStatus: "pending", SupplierContent: true}},
		{name: "typos in labels", text: "supplier: Foshan Nanhai Jinli Furniture co.,ltd\nbenificiary name: JINLI FURNITURE TRADING LTD\nacount no: 4412 8890 0021\nswift: ICBKCNBJGDG\nthey want full paymnt before shipment",
			want: Facts{SupplierName: "Foshan Nanhai Jinli Furniture co.,ltd", SupplierCountry: "China", SupplierCity: "Foshan",
				BeneficiaryName: "JINLI FURNITURE TRADING LTD", AccountNumber: "4412 8890 0021", SWIFT: "ICBKCNBJGDG",
				BankCountry: "China", BeneficiaryCountry: "China", PaymentMethod: PayTT, PaymentMethods: []string{PayTT},
				PaymentStatus: "pending", SupplierContent: true}},
		{name: "question naming PayPal", text: "can I pay a $30,000 order with PayPal, and is it covered by trade assurance?",
			want: Facts{PaymentMethod: PayPayPal, PaymentMethods: []string{PayPayPal}, PaymentStatus: "pending",
				OrderAmountUSD: floatp(30000), OrderAmount: usdMoney(30000, "$30,000")}},
		{name: "profile labels", text: "Years on Alibaba: 1\nBusiness type: Manufacturer, Trading Company\nResponse rate: 100%",
			want: Facts{YearsOnPlatform: intp(1), BusinessType: "manufacturer, trading company", ResponseRate: floatp(100), SupplierContent: true}},
		{name: "member since", text: "Member since 2023 | Verified Pro | 4.9/5.0",
			want: Facts{YearsOnPlatform: intp(3), Verified: boolp(true), Rating: floatp(4.9), SupplierContent: true}},
		{name: "years of experience are not platform years", text: "we are a factory with 15 years experience, all products CE certified, warranty 2 years",
			want: Facts{SupplierContent: true}},
		{name: "delivered ISO date", text: "Delivered: 2026-05-20. 200 of 1,000 units arrived damaged, seller refuses refund",
			want: Facts{DeliveryDate: "2026-05-20", SupplierContent: true}},
		{name: "shipped day-first date", text: "shipped 20/05/2026 by sea, ETA 25/06/2026",
			want: Facts{ShipmentDate: "2026-05-20"}},
		{name: "Chinese receipt date", text: "货物已于2026年5月3日收到，质量有问题",
			want: Facts{DeliveryDate: "2026-05-03", ReceiptDate: "2026-05-03"}},
		{name: "USD 12k and TA limit 0", text: "USD 12k order, TA limit $0, supplier wants 100% upfront",
			want: Facts{OrderAmountUSD: floatp(12000), OrderAmount: usdMoney(12000, "USD 12k"), TradeAssuranceLimitUSD: floatp(0),
				PaymentStatus: "pending", SupplierContent: true}},
		{name: "Hong Kong profile code", text: "HK 3 yrs\nTrading Company\nShenzhen office",
			want: Facts{YearsOnPlatform: intp(3), SupplierCountry: "Hong Kong", BusinessType: "trading company", SupplierContent: true}},
		{name: "unverified supplier in prose", text: "the seller is unverified and only 1 yr on alibaba, wants payment by MoneyGram",
			want: Facts{Verified: boolp(false), YearsOnPlatform: intp(1), PaymentMethod: PayMoneyGram, PaymentMethods: []string{PayMoneyGram},
				PaymentStatus: "pending", SupplierContent: true}},
		{name: "yuan and euro amounts", text: "PI total RMB 50,000; the EU agent invoice says 12.000,00 EUR",
			want: Facts{OrderAmountUSD: floatp(7000), OrderAmount: &Money{Amount: 50000, Currency: "CNY", USD: 7000, Text: "RMB 50,000"},
				SupplierContent: true}},
	}
}

func TestExtract(t *testing.T) {
	for _, tt := range extractCases() {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if tt.file != "" {
				text = mustPaste(t, tt.file)
			}
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			got := Extract(text, now)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Facts{}, "Spans", "Question"), cmpopts.EquateEmpty(),
				cmpopts.EquateApprox(0, 0.005)); diff != "" {
				t.Errorf("Extract() mismatch (-want +got):\n%s", diff)
			}
			checkSpans(t, text, got)
		})
	}
}

// checkSpans fails when a span is not an exact substring of text, or a
// filled scalar fact has no span.
func checkSpans(t *testing.T, text string, f Facts) {
	t.Helper()
	for k, v := range f.Spans {
		if v == "" || !strings.Contains(text, v) {
			t.Errorf("Spans[%q] = %q is not a substring of the input", k, v)
		}
	}
	for field, filled := range map[string]bool{
		"supplier_name": f.SupplierName != "", "years_on_platform": f.YearsOnPlatform != nil, "verified": f.Verified != nil,
		"trade_assurance_limit_usd": f.TradeAssuranceLimitUSD != nil, "order_amount_usd": f.OrderAmountUSD != nil,
		"payment_method": f.PaymentMethod != "", "beneficiary_name": f.BeneficiaryName != "",
		"beneficiary_country": f.BeneficiaryCountry != "", "delivery_date": f.DeliveryDate != "",
		"supplier_country": f.SupplierCountry != "", "bank_name": f.BankName != "", "swift": f.SWIFT != "",
		"iban": f.IBAN != "", "account_number": f.AccountNumber != "", "bank_country": f.BankCountry != "",
		"payment_status": f.PaymentStatus != "", "rating": f.Rating != nil, "review_count": f.ReviewCount != nil,
	} {
		if filled && f.Spans[field] == "" {
			t.Errorf("%s is filled but has no span", field)
		}
	}
	for _, v := range f.PaymentMethods {
		if f.ItemSpan("payment_methods", v) == "" {
			t.Errorf("payment method %q has no span", v)
		}
	}
	for _, v := range f.Domains {
		if f.ItemSpan("domains", v) == "" {
			t.Errorf("domain %q has no span", v)
		}
	}
}

// TestExtractSpans pins the evidence of the eval cases the rules quote.
func TestExtractSpans(t *testing.T) {
	byName := map[string]extractCase{}
	for _, c := range extractCases() {
		byName[c.name] = c
	}
	tests := []struct {
		cas   string
		field string
		want  string
	}{
		{"ho-002 bank change to Hong Kong", "beneficiary_name", "GOLDEN H*** TRADING LIMITED"},
		{"ho-002 bank change to Hong Kong", "bank_country", "Hong Kong"},
		{"ho-002 bank change to Hong Kong", "supplier_name", "Ningbo ___ Houseware Co., Ltd"},
		{"ho-002 bank change to Hong Kong", "order_amount_usd", "balance USD 23,400"},
		{"ho-002 bank change to Hong Kong", "payment_status", "before we wire"},
		{"ho-044 UK supplier, bank in Nigeria", "bank_country", "Lagos, Nigeria"},
		{"ho-044 UK supplier, bank in Nigeria", "supplier_country", "United Kingdom"},
		{"ho-044 UK supplier, bank in Nigeria", "order_amount_usd", "deposit $5,600"},
		{"ho-077 order over TA limit", "trade_assurance_limit_usd", "Trade Assurance: US $5,000"},
		{"ho-077 order over TA limit", "order_amount_usd", "order is $9,800"},
		{"ho-077 order over TA limit", "years_on_platform", "3 yrs"},
		{"ho-080 weak profile, no TA", "verified", "not verified"},
		{"ho-080 weak profile, no TA", "rating", "2.9/5"},
		{"ho-036 deposit already wired", "payment_status", "wired"},
		{"delivered ten days ago", "delivery_date", "10 days ago"},
		{"received on 3 Nov, paid outside TA", "receipt_date", "3 Nov"},
		{"crypto deposit", "payment_method", "USDT"},
	}
	for _, tt := range tests {
		c := byName[tt.cas]
		text := c.text
		if c.file != "" {
			text = mustPaste(t, c.file)
		}
		f := Extract(text, testNow)
		if got := f.Span(tt.field); got != tt.want {
			t.Errorf("%s: Span(%q) = %q, want %q", tt.cas, tt.field, got, tt.want)
		}
	}
}

func TestExtractQuestionAndContent(t *testing.T) {
	tests := []struct {
		text     string
		question string
		content  bool
	}{
		{"how many days do I have to open a dispute on a trade assurance order?",
			"how many days do I have to open a dispute on a trade assurance order?", false},
		{"are samples covered by trade assurance? paying $180 for 3 samples", "are samples covered by trade assurance?", false},
		{"TA says it refunds the 'covered amount' - is that the whole order or just the deposit?",
			"TA says it refunds the 'covered amount' - is that the whole order or just the deposit?", false},
		{"wired 30% deposit USD 12,500 three weeks ago (TT, not TA). what do i do, step by step", "what do i do, step by step", true},
		{"makeup brush factory charged $100 sample fee + $40 DHL. scam or normal?", "scam or normal?", true},
		{"Beneficiary: GOLDEN TRADING LIMITED\nAcc: 1234567890", "", true},
		{"explain the dispute process", "explain the dispute process", false},
		{"supplier wants me to pay his cousin's account is that covered", "supplier wants me to pay his cousin's account is that covered", true},
		{"they asked for the balance by western union, should i do it", "they asked for the balance by western union, should i do it", true},
		{"Supplier: Ningbo Sunrise Houseware Co., Ltd. We are manufacturer, is it ok to visit factory in march and then place order for 5000 pcs with full inspection before shipment in the Trade Assurance order", "", true},
		{"el proveedor nos pidió pagar por Western Union. ¿es seguro?", "¿es seguro?", true},
		{"供应商要求我们付款到香港账户，安全吗？", "供应商要求我们付款到香港账户，安全吗？", true},
		{"see https://track.example.com/x?id=3 — is this tracking site real?", "see https://track.example.com/x?id=3 — is this tracking site real?", true},
	}
	for _, tt := range tests {
		f := Extract(tt.text, testNow)
		if f.Question != tt.question {
			t.Errorf("Extract(%q).Question = %q, want %q", tt.text, f.Question, tt.question)
		}
		if f.SupplierContent != tt.content {
			t.Errorf("Extract(%q).SupplierContent = %v, want %v", tt.text, f.SupplierContent, tt.content)
		}
	}
}

// TestExtractRepetitive runs extraction on 64 KiB of short units repeated,
// the inputs that defeat scanners that look back or ahead without bound
// (BenchmarkExtract measures the time); the spans must still be exact.
func TestExtractRepetitive(t *testing.T) {
	for _, unit := range []string{"t5", "1 ", "123 ", "$1 ", "a.", "a@b.co ", "+86 ", "Beneficiary: x ", "Co., Ltd ",
		"June 1 ", "3 days ago ", "wechat: ab_1 ", "Ningbo ", "bank in Lagos ", "Trade Assurance: ", "5 yrs ",
		"100% response rate ", "TT pay ", "(", "我们的账户", "有限公司", ".cA", ".co", "а.com", "ÀB.com",
		"www.", ",http://|", "1$"} {
		big := strings.Repeat(unit, 64<<10/len(unit)+1)[:64<<10]
		checkSpans(t, big, Extract(big, testNow))
	}
}

func TestASCIILower(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC", "Hello, World! ÀÉ Straße ZAZ@[`{", strings.Repeat("MiXeD 123 ~@[`{ZzAa\xff", 9),
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\x80\xc0\xc1\xdaZ"} {
		want := []byte(s)
		for i, c := range want {
			if c >= 'A' && c <= 'Z' {
				want[i] = c + 'a' - 'A'
			}
		}
		if got := asciiLower(s); got != string(want) {
			t.Errorf("asciiLower(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestExtractConcurrent checks that extractors recycled through the pool
// leak nothing from one call into another: concurrent calls in any order give
// the same facts as a first call.
func TestExtractConcurrent(t *testing.T) {
	cases := extractCases()
	texts := make([]string, len(cases))
	want := make([]Facts, len(cases))
	for i, c := range cases {
		texts[i] = c.text
		if c.file != "" {
			texts[i] = mustPaste(t, c.file)
		}
		want[i] = Extract(texts[i], testNow)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := range 3 * len(texts) {
				i := (k*7 + g*13) % len(texts)
				if diff := cmp.Diff(want[i], Extract(texts[i], testNow)); diff != "" {
					done <- fmt.Errorf("%s: (-first +again)\n%s", cases[i].name, diff)
					return
				}
			}
			done <- nil
		}(g)
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
