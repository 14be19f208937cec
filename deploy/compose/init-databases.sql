create database catalog owner crafted;
create database whatsapp owner crafted;
create database gateway owner crafted;
