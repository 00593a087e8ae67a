package advisor

import "strings"

// Country names are plain English ("China", "Hong Kong", "United Kingdom",
// "United States"), so facts from different sources compare with ==. Hong
// Kong, Macau and Taiwan are kept distinct from mainland China: a "new
// account in Hong Kong" for a Ningbo factory is exactly the mismatch that
// bank-change scams rely on.

// country is one row of the country table.
type country struct {
	iso     string   // ISO 3166-1 alpha-2
	name    string   // canonical English name
	aliases []string // other spellings, lower case (English, Spanish, Chinese)
}

var countries = []country{
	{"CN", "China", []string{"mainland china", "prc", "p.r.c.", "p.r. china", "people's republic of china", "中国", "中國", "大陆"}},
	{"HK", "Hong Kong", []string{"hongkong", "hong kong sar", "hk sar", "香港"}},
	{"MO", "Macau", []string{"macao", "澳门", "澳門"}},
	{"TW", "Taiwan", []string{"taiwan roc", "台湾", "臺灣", "台灣"}},
	{"US", "United States", []string{"usa", "u.s.a.", "u.s.", "united states of america", "america", "estados unidos", "ee.uu.", "美国", "美國"}},
	{"GB", "United Kingdom", []string{"uk", "u.k.", "great britain", "britain", "england", "scotland", "wales", "reino unido", "英国", "英國"}},
	{"NG", "Nigeria", []string{"尼日利亚"}},
	{"GH", "Ghana", nil},
	{"KE", "Kenya", nil},
	{"ZA", "South Africa", []string{"sudáfrica", "南非"}},
	{"EG", "Egypt", []string{"egipto"}},
	{"MA", "Morocco", []string{"marruecos"}},
	{"AE", "United Arab Emirates", []string{"uae", "u.a.e.", "emirates", "emiratos árabes unidos", "阿联酋"}},
	{"SA", "Saudi Arabia", []string{"arabia saudita", "沙特"}},
	{"TR", "Turkey", []string{"türkiye", "turkiye", "turquía", "土耳其"}},
	{"IN", "India", []string{"印度"}},
	{"PK", "Pakistan", nil},
	{"BD", "Bangladesh", nil},
	{"VN", "Vietnam", []string{"viet nam", "越南"}},
	{"TH", "Thailand", []string{"tailandia", "泰国"}},
	{"MY", "Malaysia", []string{"malasia", "马来西亚"}},
	{"SG", "Singapore", []string{"singapur", "新加坡"}},
	{"ID", "Indonesia", []string{"印尼", "印度尼西亚"}},
	{"PH", "Philippines", []string{"filipinas", "菲律宾"}},
	{"JP", "Japan", []string{"japón", "日本"}},
	{"KR", "South Korea", []string{"korea", "republic of korea", "corea del sur", "韩国"}},
	{"AU", "Australia", []string{"澳大利亚"}},
	{"NZ", "New Zealand", nil},
	{"CA", "Canada", []string{"canadá", "加拿大"}},
	{"MX", "Mexico", []string{"méxico", "墨西哥"}},
	{"BR", "Brazil", []string{"brasil", "巴西"}},
	{"AR", "Argentina", nil},
	{"CL", "Chile", nil},
	{"CO", "Colombia", nil},
	{"PE", "Peru", []string{"perú"}},
	{"DE", "Germany", []string{"alemania", "deutschland", "德国"}},
	{"FR", "France", []string{"francia", "法国"}},
	{"ES", "Spain", []string{"españa", "espana", "西班牙"}},
	{"IT", "Italy", []string{"italia", "意大利"}},
	{"NL", "Netherlands", []string{"holland", "the netherlands", "países bajos", "荷兰"}},
	{"BE", "Belgium", []string{"bélgica"}},
	{"CH", "Switzerland", []string{"suiza", "瑞士"}},
	{"AT", "Austria", nil},
	{"PL", "Poland", []string{"polonia"}},
	{"PT", "Portugal", nil},
	{"IE", "Ireland", []string{"irlanda"}},
	{"SE", "Sweden", []string{"suecia"}},
	{"NO", "Norway", nil},
	{"DK", "Denmark", nil},
	{"FI", "Finland", nil},
	{"CZ", "Czech Republic", []string{"czechia"}},
	{"RO", "Romania", nil},
	{"GR", "Greece", nil},
	{"UA", "Ukraine", nil},
	{"RU", "Russia", []string{"russian federation", "rusia", "俄罗斯"}},
	{"KZ", "Kazakhstan", nil},
	{"IL", "Israel", nil},
	{"CY", "Cyprus", nil},
	{"LT", "Lithuania", nil},
	{"LV", "Latvia", nil},
	{"EE", "Estonia", nil},
	{"BG", "Bulgaria", nil},
	{"HU", "Hungary", nil},
	{"QA", "Qatar", nil},
	{"KW", "Kuwait", nil},
	{"BH", "Bahrain", nil},
	{"OM", "Oman", nil},
	{"JO", "Jordan", nil},
	{"LB", "Lebanon", nil},
	{"IR", "Iran", nil},
	{"LK", "Sri Lanka", nil},
	{"NP", "Nepal", nil},
	{"KH", "Cambodia", nil},
	{"MM", "Myanmar", nil},
	{"LA", "Laos", nil},
	{"ET", "Ethiopia", nil},
	{"TZ", "Tanzania", nil},
	{"UG", "Uganda", nil},
	{"CM", "Cameroon", nil},
	{"CI", "Ivory Coast", []string{"côte d'ivoire", "cote d'ivoire"}},
	{"SN", "Senegal", nil},
	{"BJ", "Benin", nil},
	{"TG", "Togo", nil},
	{"VG", "British Virgin Islands", []string{"bvi"}},
	{"KY", "Cayman Islands", nil},
	{"SC", "Seychelles", nil},
	{"MU", "Mauritius", nil},
	{"PA", "Panama", []string{"panamá"}},
	{"DO", "Dominican Republic", nil},
	{"GT", "Guatemala", nil},
	{"CR", "Costa Rica", nil},
	{"EC", "Ecuador", nil},
	{"VE", "Venezuela", nil},
	{"UY", "Uruguay", nil},
	{"PY", "Paraguay", nil},
	{"BO", "Bolivia", nil},
}

// provinces are regions, not cities: they give a country but no SupplierCity.
var provinces = map[string]bool{
	"guangdong": true, "zhejiang": true, "jiangsu": true, "fujian": true, "shandong": true, "hebei": true,
	"henan": true, "hubei": true, "hunan": true, "anhui": true, "jiangxi": true, "sichuan": true, "shaanxi": true,
	"shanxi": true, "liaoning": true, "jilin": true, "heilongjiang": true, "yunnan": true, "guangxi": true,
	"guizhou": true, "hainan": true, "gansu": true, "inner mongolia": true, "xinjiang": true, "ningxia": true,
	"qinghai": true, "浙江": true, "广东": true, "江苏": true, "福建": true, "山东": true, "河北": true,
}

// cities maps well-known trading cities and Chinese provinces to their
// country (lower-case keys). Chinese manufacturing cities and provinces are
// the ones buyers meet in supplier names ("Ningbo ___ Houseware Co., Ltd").
var cities = map[string]string{
	// Mainland China: provinces.
	"guangdong": "China", "zhejiang": "China", "jiangsu": "China", "fujian": "China", "shandong": "China",
	"hebei": "China", "henan": "China", "hubei": "China", "hunan": "China", "anhui": "China",
	"jiangxi": "China", "sichuan": "China", "shaanxi": "China", "shanxi": "China", "liaoning": "China",
	"jilin": "China", "heilongjiang": "China", "yunnan": "China", "guangxi": "China", "guizhou": "China",
	"hainan": "China", "gansu": "China", "inner mongolia": "China", "xinjiang": "China", "ningxia": "China",
	"qinghai": "China",
	// Mainland China: cities.
	"ningbo": "China", "yiwu": "China", "shenzhen": "China", "guangzhou": "China", "dongguan": "China",
	"foshan": "China", "shanghai": "China", "beijing": "China", "hangzhou": "China", "xiamen": "China",
	"qingdao": "China", "tianjin": "China", "suzhou": "China", "wenzhou": "China", "taizhou": "China",
	"jinhua": "China", "shantou": "China", "zhongshan": "China", "huizhou": "China", "jiangmen": "China",
	"quanzhou": "China", "fuzhou": "China", "nanjing": "China", "wuxi": "China", "changzhou": "China",
	"nantong": "China", "jinan": "China", "zibo": "China", "linyi": "China", "weifang": "China",
	"hefei": "China", "wuhan": "China", "changsha": "China", "chengdu": "China", "chongqing": "China",
	"xi'an": "China", "zhengzhou": "China", "shijiazhuang": "China", "cangzhou": "China", "dalian": "China",
	"shenyang": "China", "kunming": "China", "nanning": "China", "haining": "China", "cixi": "China",
	"yuyao": "China", "shaoxing": "China", "jiaxing": "China", "huzhou": "China", "zhuhai": "China",
	"chaozhou": "China", "jieyang": "China", "putian": "China", "jinjiang": "China", "yongkang": "China",
	"wenling": "China", "yueqing": "China", "ruian": "China", "danyang": "China", "yangjiang": "China",
	"zhangjiagang": "China", "kunshan": "China", "changshu": "China", "jiangyin": "China", "yangzhou": "China",
	"baoding": "China", "anping": "China", "dehua": "China", "jingdezhen": "China", "lishui": "China",
	"zhanjiang": "China", "yantai": "China", "harbin": "China",
	"浙江": "China", "广东": "China", "江苏": "China", "福建": "China", "山东": "China", "河北": "China",
	// Hong Kong, Macau, Taiwan.
	"kowloon": "Hong Kong", "kwun tong": "Hong Kong", "tsim sha tsui": "Hong Kong", "wan chai": "Hong Kong",
	"mong kok": "Hong Kong", "sheung wan": "Hong Kong", "causeway bay": "Hong Kong", "taipei": "Taiwan",
	"taichung": "Taiwan", "kaohsiung": "Taiwan",
	// Elsewhere.
	"lagos": "Nigeria", "abuja": "Nigeria", "accra": "Ghana", "nairobi": "Kenya", "johannesburg": "South Africa",
	"cape town": "South Africa", "dubai": "United Arab Emirates", "abu dhabi": "United Arab Emirates",
	"sharjah": "United Arab Emirates", "istanbul": "Turkey", "ankara": "Turkey", "mumbai": "India",
	"new delhi": "India", "delhi": "India", "bangalore": "India", "chennai": "India", "karachi": "Pakistan",
	"lahore": "Pakistan", "dhaka": "Bangladesh", "ho chi minh": "Vietnam", "hanoi": "Vietnam",
	"bangkok": "Thailand", "kuala lumpur": "Malaysia", "jakarta": "Indonesia", "manila": "Philippines",
	"tokyo": "Japan", "osaka": "Japan", "seoul": "South Korea", "busan": "South Korea", "sydney": "Australia",
	"melbourne": "Australia", "toronto": "Canada", "vancouver": "Canada", "london": "United Kingdom",
	"manchester": "United Kingdom", "birmingham": "United Kingdom", "new york": "United States",
	"los angeles": "United States", "miami": "United States", "houston": "United States",
	"ciudad de méxico": "Mexico", "guadalajara": "Mexico", "monterrey": "Mexico", "são paulo": "Brazil",
	"sao paulo": "Brazil", "madrid": "Spain", "barcelona": "Spain", "paris": "France", "berlin": "Germany",
	"hamburg": "Germany", "frankfurt": "Germany", "amsterdam": "Netherlands", "rotterdam": "Netherlands",
	"milan": "Italy", "moscow": "Russia", "kyiv": "Ukraine", "almaty": "Kazakhstan", "tel aviv": "Israel",
	"doha": "Qatar", "riyadh": "Saudi Arabia", "jeddah": "Saudi Arabia", "cairo": "Egypt",
	"casablanca": "Morocco", "bogotá": "Colombia", "bogota": "Colombia", "lima": "Peru",
	"santiago": "Chile", "buenos aires": "Argentina", "panama city": "Panama",
}

// hanCities are Chinese city names written in Chinese, with the English name
// used for SupplierCity.
var hanCities = map[string]string{
	"宁波": "Ningbo", "义乌": "Yiwu", "深圳": "Shenzhen", "广州": "Guangzhou", "东莞": "Dongguan", "佛山": "Foshan",
	"上海": "Shanghai", "北京": "Beijing", "杭州": "Hangzhou", "厦门": "Xiamen", "青岛": "Qingdao", "天津": "Tianjin",
	"苏州": "Suzhou", "温州": "Wenzhou", "台州": "Taizhou", "金华": "Jinhua", "汕头": "Shantou", "中山": "Zhongshan",
	"泉州": "Quanzhou", "福州": "Fuzhou", "南京": "Nanjing", "无锡": "Wuxi", "永康": "Yongkang", "慈溪": "Cixi",
	"余姚": "Yuyao", "绍兴": "Shaoxing", "嘉兴": "Jiaxing", "湖州": "Huzhou", "珠海": "Zhuhai", "潮州": "Chaozhou",
}

var (
	countryByISO   = map[string]string{}
	countryByAlias = map[string]string{} // lower-case alias or name -> canonical name
)

func init() {
	for _, c := range countries {
		countryByISO[c.iso] = c.name
		countryByAlias[strings.ToLower(c.name)] = c.name
		for _, a := range c.aliases {
			countryByAlias[a] = c.name
		}
	}
}

// CountryFromISO returns the English name of an ISO 3166-1 alpha-2 code
// ("HK" -> "Hong Kong"), or "".
func CountryFromISO(code string) string {
	return countryByISO[strings.ToUpper(strings.TrimSpace(code))]
}

// NormalizeCountry returns the canonical English name for a country written
// as a name, an alias in English, Spanish or Chinese ("UK", "PRC",
// "Reino Unido", "香港"), an ISO alpha-2 code, or a well-known city or
// Chinese province ("Ningbo" -> "China", "Lagos" -> "Nigeria"). It returns ""
// when it does not know the place. Hong Kong, Macau and Taiwan stay distinct
// from China.
func NormalizeCountry(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := countryByAlias[strings.ToLower(s)]; ok {
		return c // "U.S."
	}
	low := strings.ToLower(strings.Trim(s, " .,;:()'\""))
	if c, ok := countryByAlias[low]; ok {
		return c
	}
	if c, ok := cities[low]; ok {
		return c
	}
	if _, ok := hanCities[low]; ok {
		return "China"
	}
	if len(s) == 2 {
		return CountryFromISO(s)
	}
	return ""
}

// SameCountry reports whether a and b name the same country after
// NormalizeCountry (so "HK" and "Hong Kong" match, "Hong Kong" and "China"
// do not). Unknown or empty names never match.
func SameCountry(a, b string) bool {
	ca, cb := NormalizeCountry(a), NormalizeCountry(b)
	return ca != "" && ca == cb
}
