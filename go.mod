module tradeguard

go 1.26.0
