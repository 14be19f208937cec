create database catalog owner crafted;
create database whatsapp owner crafted;
